from django.urls import path

from gongkai.sources import views

app_name = "sources"

urlpatterns = [
    path("staff/hj212/packets/", views.packets, name="staff_packets"),
]
