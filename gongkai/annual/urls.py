from django.urls import path

from gongkai.annual import views

app_name = "annual"

urlpatterns = [
    path("staff/annual/", views.reports, name="reports"),
    path("staff/annual/<int:year>/", views.report, name="report"),
    path("staff/annual/<int:year>/<str:kind>/", views.download, name="download"),
]
