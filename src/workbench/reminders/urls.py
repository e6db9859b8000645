from django.urls import path

from workbench.reminders import views

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("<int:pk>/read/", views.read, name="notification_read"),
    path("read/", views.read_current, name="notification_read_current"),
    path("read-all/", views.read_all, name="notification_read_all"),
]
