"""Controls: /sochi/ (romanised 措置, like /itakusaki/ and /kohyo/)."""

from django.urls import path

from workbench.controls import views

urlpatterns = [
    path("", views.attention, name="control_attention"),
    path("hyokasho/<int:pk>/", views.assessment_controls, name="assessment_controls"),
    path("hyokasho/<int:pk>/new/", views.control_new, name="control_new"),
    path("hyokasho/<int:pk>/minaoshi/", views.assessment_review, name="assessment_review"),
    path("<int:pk>/", views.control_detail, name="control_detail"),
    path("<int:pk>/check/", views.control_check, name="control_check"),
    path("<int:pk>/acknowledge/", views.control_acknowledge, name="control_acknowledge"),
    path("<int:pk>/end/", views.control_end, name="control_end"),
]
