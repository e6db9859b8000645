from django.urls import path

from workbench.assessments.views import edition, editor, figures, history, threshold

urlpatterns = [
    path("threshold/", threshold.threshold, name="threshold"),
    path("threshold/create/", threshold.create_required, name="threshold_create"),
    path("assessments/<int:pk>/edit/", editor.editor, name="editor"),
    path("assessments/<int:pk>/history/", history.history, name="history"),
    path("assessments/<int:pk>/edition/", edition.move_edition, name="edition_move"),
    path("assessments/<int:pk>/compare/", history.compare, name="compare"),
    path("assessments/<int:pk>/figures/<str:sha256>/", figures.figure, name="assessment_figure"),
]
