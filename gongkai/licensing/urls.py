from django.urls import path

from gongkai.licensing import views

app_name = "licensing"

urlpatterns = [
    path("licensing/", views.decisions, name="decisions"),
    path("licensing/decisions/<int:pk>/", views.decision, name="decision"),
    path("licensing/licences/", views.licences, name="licences"),
    path("licensing/licences/<int:pk>/", views.licence, name="licence"),
    path("licensing/lookup/", views.lookup, name="lookup"),
    path("licensing/disclosure/", views.obligations, name="obligations"),
    path("licensing/disclosure/reports/", views.reports, name="reports"),
    path("staff/licensing/", views.staff_decisions, name="staff_decisions"),
    path("staff/licensing/creditchina/", views.staff_creditchina, name="staff_creditchina"),
    path("staff/licensing/creditchina/push/", views.staff_creditchina_push, name="staff_creditchina_push"),
    path("staff/licensing/decisions/new/", views.staff_decision_new, name="staff_decision_new"),
    path("staff/licensing/decisions/<int:pk>/", views.staff_decision, name="staff_decision"),
    path(
        "staff/licensing/decisions/<int:pk>/publish/",
        views.staff_decision_publish,
        name="staff_decision_publish",
    ),
    path("staff/licensing/licences/", views.staff_licences, name="staff_licences"),
    path("staff/licensing/waste-catalogue/", views.staff_waste_import, name="staff_waste_import"),
    path("staff/licensing/licences/new/", views.staff_licence_new, name="staff_licence_new"),
    path("staff/licensing/licences/<int:pk>/", views.staff_licence, name="staff_licence"),
    path("staff/licensing/applications/", views.staff_applications, name="staff_applications"),
    path("staff/licensing/applications/new/", views.staff_application_new, name="staff_application_new"),
    path("staff/licensing/applications/<int:pk>/", views.staff_application, name="staff_application"),
    path("staff/licensing/disclosure/", views.staff_obligations, name="staff_obligations"),
    path("staff/licensing/disclosure/new/", views.staff_obligation_new, name="staff_obligation_new"),
    path("staff/licensing/disclosure/upload/", views.staff_obligation_upload, name="staff_obligation_upload"),
    path("staff/licensing/disclosure/reports/new/", views.staff_report_new, name="staff_report_new"),
    path("staff/licensing/disclosure/reports/upload/", views.staff_report_upload, name="staff_report_upload"),
    path("staff/licensing/disclosure/tokens/new/", views.staff_token_new, name="staff_token_new"),
]
