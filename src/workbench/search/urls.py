from django.urls import path

from workbench.search import peer_views, public_views, views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("kohyo/", public_views.public_search, name="public_search"),
    path("rei/<int:pk>/", peer_views.peer_page, name="peer_examples"),
]
