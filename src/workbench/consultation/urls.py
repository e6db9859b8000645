from django.urls import path

from workbench.consultation import contact_views, public_views, result_views, views

public_urlpatterns = [
    path("", public_views.consultation_list, name="iken_list"),
    path("<int:pk>/", public_views.consultation_detail, name="iken_detail"),
    path("<int:pk>/kekka.pdf", result_views.public_results_pdf, name="iken_results_pdf"),
    path("<int:pk>/<str:kind>.pdf", public_views.download, name="iken_download"),
    path("<int:pk>/kekka/", public_views.results, name="iken_results"),
]

urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("<int:pk>/", views.consultation_staff, name="consultation_staff"),
    path("<int:pk>/comments/<int:comment_pk>/", views.comment_detail, name="consultation_comment"),
    path("<int:pk>/paper/", views.register_paper, name="consultation_paper"),
    path("<int:pk>/extend/", views.extend, name="consultation_extend"),
    path("<int:pk>/proceed/", views.proceed, name="consultation_proceed"),
    path("<int:pk>/export.csv", views.export_csv, name="consultation_export"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="consultation_export_xlsx"),
    path("<int:pk>/kekka.pdf", result_views.staff_results_pdf, name="consultation_results_pdf"),
    path("<int:pk>/summary/", views.edit_summary, name="consultation_summary"),
    path("<int:pk>/summary/<str:part>/", views.edit_summary_part, name="consultation_summary_part"),
    path("<int:pk>/summary.<str:ext>", views.summary_download, name="consultation_summary_download"),
    path("<int:pk>/form-settings/", contact_views.edit_contact_settings, name="consultation_contact"),
    path("<int:pk>/publish/", views.publish, name="consultation_publish"),
    path("<int:pk>/mask/", views.mask_found, name="consultation_mask"),
    path("<int:pk>/purge/", views.purge, name="consultation_purge"),
]
