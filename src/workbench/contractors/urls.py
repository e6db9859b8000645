"""委託先 register: /itakusaki/ (romanised, like /iken/, /kohyo/ and /torikomi/)."""

from django.urls import path

from workbench.contractors import views

urlpatterns = [
    path("", views.register, name="contractor_register"),
    path("new/", views.contractor_new, name="contractor_new"),
    path("<int:pk>/", views.contractor_detail, name="contractor_detail"),
    path("<int:pk>/edit/", views.contractor_edit, name="contractor_edit"),
    path("<int:pk>/certifications/", views.certification_add, name="certification_add"),
    path(
        "<int:pk>/certifications/<int:certification_pk>/remove/",
        views.certification_remove,
        name="certification_remove",
    ),
    path("contracts/new/", views.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/status/", views.contract_status, name="contract_status"),
    path("contracts/<int:pk>/links/", views.contract_link, name="contract_link"),
    path("contracts/<int:pk>/links/<int:link_pk>/remove/", views.contract_unlink, name="contract_unlink"),
    path("import/<int:pk>/", views.import_assessment, name="contractor_import"),
]
