"""新闻发布会、在线访谈 and 舆情: quarterly schedule, linked 回应关切 items, time to respond against the
target."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.interaction import services
from gongkai.interaction.models import PressEvent


def aware(*args):
    return timezone.make_aware(datetime(*args))


@pytest.mark.django_db
def test_quarterly_press_conferences_are_planned_once(editor):
    created = services.plan_press_conferences(actor=editor, year=2026)
    assert [e.scheduled_at.month for e in created] == [2, 5, 8, 11]
    assert services.plan_press_conferences(actor=editor, year=2026) == []
    with override_settings(INTERACTION_PRESS_INTERVAL_MONTHS=6):
        assert [e.scheduled_at.month for e in services.plan_press_conferences(actor=editor, year=2027)] == [
            4,
            9,
        ]


@pytest.mark.django_db
def test_an_opinion_item_is_measured_against_its_level_target(editor):
    item = services.save_opinion(
        actor=editor,
        item=None,
        data={
            "topic": "网传某化工厂夜间偷排",
            "source": "本地论坛",
            "source_url": "",
            "level": "significant",
            "first_seen_at": aware(2026, 6, 1, 8, 0),
            "assessment": "",
            "response": "",
            "responded_at": None,
            "response_url": "",
        },
    )
    assert services.response_on_target(item, now=aware(2026, 6, 1, 20, 0)) is None  # still within 24 h
    assert services.response_on_target(item, now=aware(2026, 6, 3, 8, 0)) is False
    item = services.save_opinion(
        actor=editor,
        item=item,
        data={
            "response": "经现场核查，该厂夜间未生产。",
            "responded_at": aware(2026, 6, 1, 18, 30),
            "response_url": "/x/1/",
        },
    )
    assert item.hours_to_respond == 10.5 and services.response_on_target(item) is True
    with pytest.raises(services.DomainError, match="不能早于首次发现时间"):
        services.save_opinion(
            actor=editor,
            item=item,
            data={"responded_at": aware(2026, 5, 1, 0, 0), "first_seen_at": item.first_seen_at},
        )


@pytest.mark.django_db
def test_a_held_press_conference_is_public_with_its_linked_responses(editor, client):
    opinion = services.save_opinion(
        actor=editor,
        item=None,
        data={
            "topic": "东湖水质发黑",
            "source": "微博",
            "level": "major",
            "first_seen_at": timezone.now() - timedelta(hours=3),
            "response": "已组织监测，水质达标。",
            "response_url": "/xxgk/documents/9/",
        },
    )
    event = services.save_press_event(
        actor=editor,
        event=None,
        data={
            "format": "press",
            "title": "2026年第二季度例行新闻发布会",
            "scheduled_at": timezone.now() - timedelta(days=1),
            "place": "局三楼会议室",
            "speakers": "张三，局长\n李四，大气环境处处长",
            "topics": "上半年环境质量\n东湖水质",
            "transcript": "主持人：各位记者朋友……",
            "materials": "/static/demo/slides.pdf",
            "video_url": "https://video.example.gov.cn/1",
            "state": "held",
        },
        opinions=[opinion],
    )
    assert event.published_at is not None
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    for text in ("李四，大气环境处处长", "东湖水质发黑", "文字实录", "观看视频"):
        assert text in page.text
    planned = services.save_press_event(
        actor=editor,
        event=None,
        data={
            "title": "计划中的访谈",
            "format": "interview",
            "scheduled_at": timezone.now(),
            "speakers": "x",
            "topics": "y",
        },
    )
    assert client.get(planned.get_absolute_url()).status_code == 404
    assert PressEvent.objects.count() == 2


@pytest.mark.django_db
def test_staff_pages_for_press_and_opinions(editor, leader, handler):
    staff = Client()
    staff.force_login(editor)
    for name in ("staff_press", "staff_press_new", "staff_opinions", "staff_opinion_new"):
        assert staff.get(reverse(f"interaction:{name}")).status_code == 200
    assert staff.get(reverse("interaction:staff_opinions"), {"export": "xlsx"}).status_code == 200
    response = staff.post(
        reverse("interaction:staff_opinion_new"),
        {"topic": "t", "source": "s", "level": "general", "first_seen_at": "2026-11-01T09:00"},
    )
    assert response.status_code == 302
    other = Client()
    other.force_login(handler)
    assert other.get(reverse("interaction:staff_opinions")).status_code == 403
    lead = Client()
    lead.force_login(leader)
    assert lead.get(reverse("interaction:staff_opinions")).status_code == 200
