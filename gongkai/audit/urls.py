from django.urls import path

from gongkai.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("mine/", views.my_records, name="mine"),
]
