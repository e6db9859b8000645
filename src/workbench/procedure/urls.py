"""The pages of the whole procedure: the dashboard, a 評価書's page with its steps, its downloads
and 提出用一式, the 計画管理書, and registering a 意見募集 (mounted at the root, as before the app existed)."""

from django.urls import path

from workbench.procedure.views import consultation_open, dashboard, detail, downloads, register

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("assessments/<int:pk>/", detail.detail, name="assessment_detail"),
    path("assessments/<int:pk>/versions/<int:number>/transition/", detail.transition, name="transition"),
    path("assessments/<int:pk>/versions/<int:number>/fix/<str:kind>/", detail.fix, name="assessment_fix"),
    path("assessments/<int:pk>/versions/<int:number>/download/<str:key>/", downloads.download, name="download"),
    path(
        "assessments/<int:pk>/versions/<int:number>/package/", downloads.submission_package, name="submission_package"
    ),
    path("keikaku/", register.register_index, name="plan_register_index"),
    path("keikaku/<int:pk>/", register.register, name="plan_register"),
    path("keikaku/<int:pk>/kanrisho.<str:fmt>", register.register_download, name="plan_register_download"),
    path("consultations/new/<int:pk>/<int:number>/", consultation_open.open_consultation, name="consultation_open"),
]
