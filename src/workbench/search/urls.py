from django.urls import path

from workbench.search import views

urlpatterns = [path("", views.search_page, name="search")]
