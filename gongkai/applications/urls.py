"""URLs of 依申请公开, public (/ysqgk/) and staff (/staff/applications/); mounted at the site root."""

from django.urls import path

from gongkai.applications import views_public, views_staff

app_name = "applications"

STAFF = "staff/applications/"

urlpatterns = [
    path("ysqgk/", views_public.guide, name="guide"),
    path("ysqgk/apply/", views_public.apply, name="apply"),
    path("ysqgk/apply/submitted/", views_public.submitted, name="submitted"),
    path("ysqgk/status/", views_public.status, name="status"),
    path("ysqgk/letter/<str:token>/", views_public.public_letter, name="public_letter"),
    path("ysqgk/statistics/", views_public.public_statistics, name="public_statistics"),
    path(STAFF, views_staff.case_list, name="cases"),
    path(f"{STAFF}dashboard/", views_staff.dashboard, name="dashboard"),
    path(f"{STAFF}register/", views_staff.register, name="register"),
    path(f"{STAFF}legal-review/", views_staff.legal_queue, name="legal_queue"),
    path(f"{STAFF}approvals/", views_staff.approvals, name="approvals"),
    path(f"{STAFF}appeals/", views_staff.appeal_list, name="appeals"),
    path(f"{STAFF}statistics/", views_staff.statistics_view, name="statistics"),
    path(f"{STAFF}<int:pk>/", views_staff.case_detail, name="case"),
    path(f"{STAFF}<int:pk>/letter.<str:fmt>", views_staff.letter_file, name="letter_file"),
    path(f"{STAFF}<int:pk>/attachments/<int:attachment_pk>/", views_staff.attachment_file, name="attachment"),
    path(f"{STAFF}<int:pk>/notices/<int:notice_pk>.<str:fmt>", views_staff.notice_file, name="notice_file"),
    path(f"{STAFF}<int:pk>/notices/<int:notice_pk>/review/", views_staff.notice_review, name="notice_review"),
    path(f"{STAFF}<int:pk>/archive.zip", views_staff.case_archive, name="archive"),
    *(
        path(f"{STAFF}<int:pk>/{name.replace('_', '-')}/", view, name=f"action_{name}")
        for name, view in views_staff.ACTION_VIEWS.items()
    ),
]
