"""取り込み: /torikomi/ (romanised, like /iken/ and /kohyo/)."""

from django.urls import path

from workbench.intake import views

urlpatterns = [
    path("", views.intake_list, name="intake_list"),
    path("<int:pk>/", views.intake_review, name="intake_review"),
    path("<int:pk>/fragments/<int:position>/", views.fragment, name="intake_fragment"),
    path("<int:pk>/fragments/<int:position>/decide/", views.decide, name="intake_decide"),
    path("<int:pk>/discard-open/", views.discard_open, name="intake_discard_open"),
    path("<int:pk>/register/", views.register, name="intake_register"),
    path("<int:pk>/cancel/", views.cancel, name="intake_cancel"),
    path("<int:pk>/preview/", views.preview, name="intake_preview"),
    path("<int:pk>/source/", views.source, name="intake_source"),
]
