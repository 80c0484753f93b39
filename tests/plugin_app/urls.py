from django.urls import path

from tests.plugin_app import views

app_name = "plugin_app"
urlpatterns = [
    path("plugin/", views.index, name="index"),
    path("plugin/<int:pk>/", views.reading, name="reading"),
    path("staff/plugin/readings/", views.staff_readings, name="staff_readings"),
    path("staff/plugin/upload/", views.staff_upload, name="staff_upload"),
]
