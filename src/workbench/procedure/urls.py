"""The pages of the whole procedure: the dashboard, a 評価書's page with its steps, its downloads
and 提出用一式, and registering a 意見募集 (mounted at the root, as before the app existed)."""

from django.urls import path

from workbench.procedure.views import consultation_open, dashboard, detail, downloads

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("assessments/<int:pk>/", detail.detail, name="assessment_detail"),
    path("assessments/<int:pk>/versions/<int:number>/transition/", detail.transition, name="transition"),
    path("assessments/<int:pk>/versions/<int:number>/fix/<str:kind>/", detail.fix, name="assessment_fix"),
    path("assessments/<int:pk>/versions/<int:number>/download/<str:key>/", downloads.download, name="download"),
    path(
        "assessments/<int:pk>/versions/<int:number>/package/", downloads.submission_package, name="submission_package"
    ),
    path("consultations/new/<int:pk>/<int:number>/", consultation_open.open_consultation, name="consultation_open"),
]
