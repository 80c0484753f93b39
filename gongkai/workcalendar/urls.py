from django.urls import path

from gongkai.workcalendar import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.year_list, name="years"),
    path("new/", views.year_edit, name="year_new"),
    path("<int:year>/", views.year_edit, name="year_edit"),
    path("<int:year>/grid/", views.year_grid, name="year_grid"),
    path("import/", views.import_package, name="import_package"),
]
