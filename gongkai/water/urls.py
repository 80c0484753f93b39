from django.urls import path

from gongkai.water import views

app_name = "water"

urlpatterns = [
    path("water/", views.monthly, name="monthly"),
    path("water/sources/", views.sources, name="sources"),
    path("water/annual/", views.annual, name="annual"),
    path("water/history/", views.history, name="history"),
    path("water/river/<str:name>/", views.river, name="river"),
    path("water/section/<str:code>/", views.section, name="section"),
    path("water/classes.css", views.class_css, name="class_css"),
    path("staff/water/upload/", views.upload, name="staff_upload"),
    path("staff/water/publish/", views.publish, name="staff_publish"),
    path("staff/water/bulletins/", views.bulletins, name="staff_bulletins"),
    path("staff/water/bulletins/draft/", views.bulletin_draft, name="staff_bulletin_draft"),
    path("staff/water/bulletins/<int:pk>/", views.bulletin_detail, name="staff_bulletin"),
    path("staff/water/bulletins/<int:pk>/submit/", views.bulletin_submit, name="staff_bulletin_submit"),
]
