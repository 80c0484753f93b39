from django.urls import path

from gongkai.air import views_public, views_staff

app_name = "air"

urlpatterns = [
    path("air/", views_public.realtime, name="realtime"),
    path("air/daily/", views_public.daily, name="daily"),
    path("air/history/", views_public.history, name="history"),
    path("air/statistics/", views_public.statistics_page, name="statistics"),
    path("air/map/", views_public.air_map, name="map"),
    path("air/methodology/", views_public.methodology, name="methodology"),
    path("staff/air/upload/", views_staff.upload, name="staff_upload"),
    path("staff/air/observations/", views_staff.observations, name="staff_observations"),
    path("staff/air/observations/<int:pk>/", views_staff.observation, name="staff_observation"),
    path("staff/air/corrections/", views_staff.corrections_page, name="staff_corrections"),
    path(
        "staff/air/corrections/<int:pk>/publish/",
        views_staff.correction_publish,
        name="staff_correction_publish",
    ),
]
