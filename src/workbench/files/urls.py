"""Stored files: /files/<key> (the random storage key, never the user's file name)."""

from django.urls import path

from workbench.files import views

urlpatterns = [path("<int:organization>/<slug:token>/", views.download_by_parts, name="stored_file")]
