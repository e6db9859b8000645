from django.urls import path

from workbench.assessments.views import dashboard, detail, downloads, editor, history, threshold

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("threshold/", threshold.threshold, name="threshold"),
    path("threshold/create/", threshold.create_required, name="threshold_create"),
    path("assessments/<int:pk>/", detail.detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", editor.editor, name="editor"),
    path("assessments/<int:pk>/history/", history.history, name="history"),
    path("assessments/<int:pk>/compare/", history.compare, name="compare"),
    path("assessments/<int:pk>/versions/<int:number>/transition/", detail.transition, name="transition"),
    path("assessments/<int:pk>/versions/<int:number>/fix/<str:kind>/", detail.fix, name="assessment_fix"),
    path("assessments/<int:pk>/versions/<int:number>/download/<str:key>/", downloads.download, name="download"),
    path(
        "assessments/<int:pk>/versions/<int:number>/package/", downloads.submission_package, name="submission_package"
    ),
]
