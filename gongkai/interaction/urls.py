from django.urls import path

from gongkai.interaction import views_public as public
from gongkai.interaction import views_staff as staff

app_name = "interaction"

urlpatterns = [
    path("hudong/", public.index, name="index"),
    path("hudong/write/", public.write, name="write"),
    path("hudong/submitted/", public.submitted, name="submitted"),
    path("hudong/status/", public.status, name="status"),
    path("hudong/rate/", public.rate, name="rate"),
    path("hudong/qa/", public.qa, name="qa"),
    path("hudong/qa/<str:number>/", public.qa_detail, name="qa_detail"),
    path("hudong/consultations/", public.consultations, name="consultations"),
    path("hudong/consultations/<int:pk>/", public.consultation, name="consultation"),
    path("hudong/press/", public.press_events, name="press_events"),
    path("hudong/press/<int:pk>/", public.press_event, name="press_event"),
    path("hudong/feed/", public.feed, name="feed"),
    path("hudong/feed.xml", public.published_feed, name="feed_xml"),
    path("staff/interaction/messages/", staff.message_list, name="staff_messages"),
    path("staff/interaction/messages/<int:pk>/", staff.message_detail, name="staff_message"),
    path("staff/interaction/messages/<int:pk>/moderate/", staff.moderate, name="staff_moderate"),
    path("staff/interaction/messages/<int:pk>/assign/", staff.assign, name="staff_assign"),
    path("staff/interaction/messages/<int:pk>/reply/", staff.reply, name="staff_reply"),
    path("staff/interaction/messages/<int:pk>/publish/", staff.publish, name="staff_publish"),
    path("staff/interaction/messages/<int:pk>/withdraw/", staff.withdraw, name="staff_withdraw"),
    path("staff/interaction/messages/<int:pk>/transfer/", staff.transfer, name="staff_transfer"),
    path("staff/interaction/messages/<int:pk>/photos/<int:photo_pk>/", staff.photo, name="staff_photo"),
    path("staff/interaction/overview/", staff.overview, name="staff_overview"),
    path("staff/interaction/statistics/", staff.statistics, name="staff_statistics"),
    path("staff/interaction/notifications/", staff.notifications, name="staff_notifications"),
    path("staff/interaction/leads/", staff.leads, name="staff_leads"),
    path("staff/interaction/leads/<int:pk>/", staff.lead, name="staff_lead"),
    path("staff/interaction/consultations/", staff.consultation_list, name="staff_consultations"),
    path("staff/interaction/consultations/new/", staff.consultation_edit, name="staff_consultation_new"),
    path("staff/interaction/consultations/<int:pk>/", staff.consultation_edit, name="staff_consultation"),
    path(
        "staff/interaction/consultations/<int:pk>/<str:action>/",
        staff.consultation_action,
        name="staff_consultation_action",
    ),
    path("staff/interaction/press/", staff.press_list, name="staff_press"),
    path("staff/interaction/press/new/", staff.press_edit, name="staff_press_new"),
    path("staff/interaction/press/<int:pk>/", staff.press_edit, name="staff_press_edit"),
    path("staff/interaction/opinions/", staff.opinion_list, name="staff_opinions"),
    path("staff/interaction/opinions/new/", staff.opinion_edit, name="staff_opinion_new"),
    path("staff/interaction/opinions/<int:pk>/", staff.opinion_edit, name="staff_opinion_edit"),
    path("staff/interaction/publications/", staff.publication_list, name="staff_publications"),
    path("staff/interaction/publications/new/", staff.publication_edit, name="staff_publication_new"),
    path("staff/interaction/publications/<int:pk>/", staff.publication_edit, name="staff_publication"),
    path(
        "staff/interaction/publications/<int:pk>/preview/",
        staff.publication_preview,
        name="staff_publication_preview",
    ),
    path(
        "staff/interaction/publications/<int:pk>/<str:action>/",
        staff.publication_action,
        name="staff_publication_action",
    ),
]
