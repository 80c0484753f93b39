"""The demo loader (idempotent, a year of data) and every page of the app for the roles that use it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core import demo as core_demo
from gongkai.interaction import queries
from gongkai.interaction.demo import load_demo
from gongkai.interaction.models import CaseLead, Comment, Consultation, Kind, Message, OpinionItem, PressEvent

PUBLIC = (
    "index",
    "write",
    "status",
    "qa",
    "consultations",
    "press_events",
    "feed",
    "feed_xml",
    "district_map",
)
STAFF = {
    "editor": (
        "staff_messages",
        "staff_consultations",
        "staff_consultation_new",
        "staff_press",
        "staff_opinions",
        "staff_publications",
        "staff_publication_new",
        "staff_map",
    ),
    "leader": ("staff_messages", "staff_overview", "staff_statistics", "staff_leads", "staff_opinions"),
    "handler": ("staff_messages",),
    "enforcer": ("staff_leads",),
}


@pytest.fixture
def demo_site(db):
    core_demo._load_platform_demo()  # the accounts the loader assigns work to
    started = time.perf_counter()
    added = load_demo()
    return added, time.perf_counter() - started


@pytest.mark.django_db
def test_the_demo_is_a_year_of_data_and_idempotent(demo_site):
    added, seconds = demo_site
    assert 200 <= added <= 700 and seconds < 60
    assert load_demo() == 0
    assert set(Message.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert queries.overdue().exists()
    # Late replies are shown from before the 12 months the PITI self-assessment scores, none within them.
    late = Message.objects.filter(status="replied", replied_on__gt=F("due_on"))
    year_ago = timezone.localdate() - timedelta(days=365)
    assert late.exists() and not late.filter(replied_on__gt=year_ago).exists()
    assert Message.objects.public().exists()
    assert CaseLead.objects.exists()
    assert Consultation.objects.filter(state="feedback").count() == 2
    assert Comment.objects.exclude(adoption="").count() == 5
    assert PressEvent.objects.filter(format="press").count() == 4
    assert OpinionItem.objects.count() >= 5
    located = Message.objects.filter(kind=Kind.REPORT, latitude__isnull=False)
    assert located.exists() and located.count() < Message.objects.filter(kind=Kind.REPORT).count()
    from gongkai.interaction import geo
    from gongkai.interaction.models import DistrictMap

    district_map = DistrictMap.current()
    assert all(
        geo.locate(district_map.geojson, float(m.longitude), float(m.latitude)) == m.district for m in located
    )
    months = queries.monthly_statistics(timezone.localdate().year)
    assert sum(row.received for row in months) > 0


@pytest.mark.django_db
def test_every_page_answers_for_its_roles(demo_site, client):
    for name in PUBLIC:
        assert client.get(reverse(f"interaction:{name}")).status_code == 200, name
    message = Message.objects.public().first()
    assert client.get(reverse("interaction:qa_detail", args=[message.number])).status_code == 200
    consultation = Consultation.objects.first()
    assert client.get(consultation.get_absolute_url()).status_code == 200
    event = PressEvent.objects.filter(published_at__isnull=False).first()
    assert client.get(event.get_absolute_url()).status_code == 200
    home = client.get("/")
    assert "留言选登" in home.text
    from django.contrib.auth import get_user_model

    for username, names in STAFF.items():
        staff = Client()
        staff.force_login(get_user_model().objects.get(username=username))
        for name in names:
            response = staff.get(reverse(f"interaction:{name}"))
            assert response.status_code == 200, (username, name)
        assert "互动交流" in staff.get("/staff/").text, username
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="editor"))
    any_message = Message.objects.filter(kind=Kind.REPORT).first()
    assert staff.get(reverse("interaction:staff_message", args=[any_message.pk])).status_code == 200
    for name in ("interaction-messages", "interaction-qa", "interaction-consultations", "interaction-press"):
        assert staff.get(f"/api/v1/lists/{name}").status_code == 200, name
    assert staff.get(reverse("interaction:staff_messages"), {"export": "csv"}).status_code == 200
