from django.urls import path

from gongkai.eia import views

app_name = "eia"

urlpatterns = [
    path("eia/", views.index, name="index"),
    path("eia/<int:pk>/", views.project, name="project"),
    path("eia/<int:pk>/comment/thanks/", views.comment_thanks, name="comment_thanks"),
    path("eia/notice/<int:pk>/comment/", views.comment, name="comment"),
    path("eia/notice/<int:pk>/document/", views.document, name="document"),
    path("staff/eia/", views.staff_projects, name="staff_projects"),
    path("staff/eia/new/", views.staff_project_new, name="staff_project_new"),
    path("staff/eia/<int:pk>/", views.staff_project, name="staff_project"),
    path("staff/eia/<int:pk>/edit/", views.staff_project_edit, name="staff_project_edit"),
    path("staff/eia/<int:pk>/notice/<slug:stage>/", views.staff_notice, name="staff_notice"),
    path("staff/eia/notice/<int:pk>/publish/", views.staff_notice_publish, name="staff_notice_publish"),
    path("staff/eia/notice/<int:pk>/correct/", views.staff_notice_correct, name="staff_notice_correct"),
    path("staff/eia/notice/<int:pk>/withdraw/", views.staff_notice_withdraw, name="staff_notice_withdraw"),
    path(
        "staff/eia/notice/<int:pk>/to-publishing/",
        views.staff_notice_to_publishing,
        name="staff_notice_to_publishing",
    ),
    path("staff/eia/notice/<int:pk>/document/", views.staff_notice_document, name="staff_notice_document"),
    path("staff/eia/comments/", views.staff_comments, name="staff_comments"),
    path("staff/eia/comments/<int:pk>/", views.staff_comment, name="staff_comment"),
    path(
        "staff/eia/comments/<int:pk>/moderate/", views.staff_comment_moderate, name="staff_comment_moderate"
    ),
    path("staff/eia/comments/<int:pk>/answer/", views.staff_comment_answer, name="staff_comment_answer"),
]
