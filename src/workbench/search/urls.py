from django.urls import path

from workbench.search import public_views, views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("kohyo/", public_views.public_search, name="public_search"),
]
