from django.urls import path

from gongkai.sitecheck import views

app_name = "sitecheck"

urlpatterns = [
    path("staff/sitecheck/", views.overview, name="overview"),
    path("staff/sitecheck/run/", views.run, name="run"),
    path("staff/sitecheck/findings/", views.findings, name="findings"),
    path("staff/sitecheck/weekly/", views.weekly, name="weekly"),
    path("staff/sitecheck/monthly/", views.monthly, name="monthly"),
]
urlpatterns.append(path("staff/sitecheck/piti/", views.piti_page, name="piti"))
