from django.urls import path

from gongkai.air import views

app_name = "air"

urlpatterns = [
    path("air/", views.realtime, name="realtime"),
    path("air/daily/", views.daily, name="daily"),
    path("air/history/", views.history, name="history"),
    path("air/statistics/", views.statistics_page, name="statistics"),
    path("staff/air/upload/", views.upload, name="staff_upload"),
    path("staff/air/observations/", views.observations, name="staff_observations"),
]
