from django.urls import path

from gongkai.sources import online_views, views

app_name = "sources"

urlpatterns = [
    path("staff/hj212/packets/", views.packets, name="staff_packets"),
    path("staff/hj212/devices/", views.devices, name="staff_devices"),
    path("staff/hj212/devices/new/", views.device_edit, name="staff_device_new"),
    path("staff/hj212/devices/<int:pk>/", views.device_edit, name="staff_device_edit"),
    path("staff/hj212/exceedances/", online_views.exceedances, name="staff_exceedances"),
    path("staff/hj212/metrics/", online_views.receiver_metrics, name="staff_receiver_metrics"),
    path(
        "staff/hj212/exceedances/<int:pk>/decide/",
        online_views.exceedance_decide,
        name="staff_exceedance_decide",
    ),
    # issue 15: the pollution-source registry — public pages
    path("sources/", views.enterprises, name="enterprises"),
    path("sources/enterprise/<str:credit_code>/", views.facility_page, name="facility"),
    path("sources/key-units/", views.key_units, name="key_units"),
    path("sources/permits/", views.permits, name="permits"),
    path("sources/permit-applications/", views.permit_applications, name="permit_applications"),
    path("sources/permit-applications/<int:pk>/", views.permit_application, name="permit_application"),
    path("sources/monitoring/", views.monitoring, name="monitoring"),
    path("sources/validity-audits/", views.validity_audits, name="validity_audits"),
    path("sources/online/exceedances/", online_views.public_exceedances, name="online_exceedances"),
    path("sources/online/completeness/", online_views.public_completeness, name="online_completeness"),
    # staff
    path("staff/sources/enterprises/", views.staff_enterprises, name="staff_enterprises"),
    path("staff/sources/enterprises/new/", views.staff_enterprise_edit, name="staff_enterprise_new"),
    path("staff/sources/enterprises/<int:pk>/", views.staff_enterprise_edit, name="staff_enterprise_edit"),
    path("staff/sources/enterprises/<int:pk>/facility/", views.staff_facility_page, name="staff_facility"),
    path(
        "staff/sources/enterprises/<int:pk>/rename/",
        views.staff_enterprise_rename,
        name="staff_enterprise_rename",
    ),
    path(
        "staff/sources/enterprises/<int:pk>/merge/",
        views.staff_enterprise_merge,
        name="staff_enterprise_merge",
    ),
    path(
        "staff/sources/upload/enterprises/",
        views.staff_upload,
        {"kind": "enterprises"},
        name="staff_upload_enterprises",
    ),
    path(
        "staff/sources/upload/key-units/",
        views.staff_upload,
        {"kind": "key-units"},
        name="staff_upload_key_units",
    ),
    path(
        "staff/sources/upload/monitoring/",
        views.staff_upload,
        {"kind": "monitoring"},
        name="staff_upload_monitoring",
    ),
    path(
        "staff/sources/upload/validity/",
        views.staff_upload,
        {"kind": "validity"},
        name="staff_upload_validity",
    ),
    path("staff/sources/results/new/", views.staff_result_new, name="staff_result_new"),
    path("staff/sources/validity/new/", views.staff_validity_new, name="staff_validity_new"),
    path("staff/sources/key-units/", views.staff_key_units, name="staff_key_units"),
    path("staff/sources/key-units/publish/", views.staff_key_units_publish, name="staff_key_units_publish"),
    path("staff/sources/permits/<int:pk>/status/", views.staff_permit_status, name="staff_permit_status"),
]
