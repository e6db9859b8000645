from django.urls import path

from workbench.publication import views

urlpatterns = [
    path("", views.index, name="publication_index"),
    path("<int:org_pk>/", views.organization_page, name="publication_org"),
    path("<int:org_pk>/hyokasho/<int:assessment_pk>/", views.assessment_page, name="publication_assessment"),
    path("<int:org_pk>/<int:version_pk>.pdf", views.download, name="publication_download"),
]
