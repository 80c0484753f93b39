from django.urls import path

from gongkai.sources import views

app_name = "sources"

urlpatterns = [
    path("staff/hj212/packets/", views.packets, name="staff_packets"),
    path("staff/hj212/devices/", views.devices, name="staff_devices"),
    path("staff/hj212/devices/new/", views.device_edit, name="staff_device_new"),
    path("staff/hj212/devices/<int:pk>/", views.device_edit, name="staff_device_edit"),
]
