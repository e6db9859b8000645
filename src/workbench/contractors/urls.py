"""委託先 register: /itakusaki/ (romanised, like /iken/, /kohyo/ and /torikomi/)."""

from django.urls import path

from workbench.contractors import proposal_views, resub_views, views

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
    path("contracts/<int:pk>/proposals/", proposal_views.contract_proposals, name="contract_proposals"),
    path(
        "contracts/<int:pk>/proposals/accept/", proposal_views.contract_proposal_accept, name="contract_proposal_accept"
    ),
    path("contracts/<int:pk>/resubcontracts/new/", resub_views.resubcontract_new, name="resubcontract_new"),
    path("resubcontracts/<int:pk>/", resub_views.resubcontract_detail, name="resubcontract_detail"),
    path("resubcontracts/<int:pk>/attachments/", resub_views.resubcontract_attach, name="resubcontract_attach"),
    path("resubcontracts/<int:pk>/review/", resub_views.resubcontract_review, name="resubcontract_review"),
    path(
        "resubcontracts/<int:pk>/checklist/<int:item_pk>/", resub_views.resubcontract_check, name="resubcontract_check"
    ),
    path("resubcontracts/<int:pk>/decide/", resub_views.resubcontract_decide, name="resubcontract_decide"),
    path("resubcontracts/<int:pk>/withdraw/", resub_views.resubcontract_withdraw, name="resubcontract_withdraw"),
]
