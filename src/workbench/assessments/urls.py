from django.urls import path

from workbench.assessments.views import editor, history, threshold

urlpatterns = [
    path("threshold/", threshold.threshold, name="threshold"),
    path("threshold/create/", threshold.create_required, name="threshold_create"),
    path("assessments/<int:pk>/edit/", editor.editor, name="editor"),
    path("assessments/<int:pk>/history/", history.history, name="history"),
    path("assessments/<int:pk>/compare/", history.compare, name="compare"),
]
