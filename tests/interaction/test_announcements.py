"""The unified feed: what the bureau publishes elsewhere (a 主动公开 document, a press conference, the
air 日报, a month of water results) is announced through core.publishing and becomes, after the commit, a
feed entry with its WeChat article and Weibo text — nobody makes it by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core import publishing
from gongkai.interaction import newmedia, services
from gongkai.interaction.models import Publication

pytestmark = pytest.mark.django_db


def _feed_kinds() -> dict[str, str]:
    from gongkai.interaction import queries

    return {item.title: item.kind for item in queries.feed()}


def test_a_published_document_becomes_a_feed_entry_with_wechat_and_weibo(
    make_staff, editor, django_capture_on_commit_callbacks
):
    from gongkai.disclosure import services as disclosure

    admin = make_staff("administrator", username="guanli")
    reviewer = make_staff("reviewer", username="shencha")
    leader = make_staff("leader", username="juzhang")
    for code, name in (("03", "法定主动公开内容"), ("03.02", "法规文件")):
        row = disclosure.save_catalogue_item(
            actor=admin, code=code, name=name, department="办公室", channels=["政府网站"]
        )
    document = disclosure.create_document(
        actor=editor,
        title="示例市生态环境局关于加强建设项目环评管理的通知",
        catalogue_item=row,
        issuing_organ="示例市生态环境局",
        document_number="示环发〔2026〕1号",
        date_formed=date(2026, 9, 28),
        body="<p>各区县分局：为加强排污许可管理，现就有关事项通知如下。</p><h2>一、总体要求</h2><p>依法审批。</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        disclosure.submit_for_review(actor=editor, document=document)
        disclosure.redact_all(actor=reviewer, document=document)
        disclosure.pass_review(actor=reviewer, document=document, note="经审查，可以公开。")
    assert not Publication.objects.exists()  # nothing before it is public
    with django_capture_on_commit_callbacks(execute=True):
        document = disclosure.approve_document(actor=leader, document=document, now=timezone.now())
    publication = Publication.objects.get()
    assert publication.source == "document" and publication.source_key == f"disclosure.document:{document.pk}"
    assert publication.published_at == document.published_at and publication.created_by is None
    assert publication.link == document.get_absolute_url()
    assert '<h2 style="' in publication.wechat_html and "依法审批" in publication.wechat_html
    assert publication.weibo_text.startswith(f"【{document.title}】")
    assert newmedia.weibo_length(publication.weibo_text) <= 140
    assert _feed_kinds()[document.title] == "政府信息公开文件"
    assert document.title in Client().get(reverse("interaction:feed")).text

    # a revision updates the same feed entry
    draft = disclosure.start_revision(actor=editor, document=document, reason="补充执行要求")
    draft.body = draft.body + "<p>自发布之日起施行。</p>"
    draft.save(update_fields=["body"])
    with django_capture_on_commit_callbacks(execute=True):
        disclosure.submit_for_review(actor=editor, document=draft)
        disclosure.redact_all(actor=reviewer, document=draft)
        disclosure.pass_review(actor=reviewer, document=draft, note="可以公开。")
        disclosure.approve_document(actor=leader, document=draft, now=timezone.now())
    publication = Publication.objects.get()
    assert "自发布之日起施行" in publication.wechat_html


def test_a_press_conference_record_is_announced_once_and_updated(editor, django_capture_on_commit_callbacks):
    from gongkai.interaction.models import PressEvent

    data = {
        "format": PressEvent.Format.PRESS,
        "title": "2026年第三季度例行新闻发布会",
        "scheduled_at": timezone.now(),
        "speakers": "张三，局长",
        "topics": "秋冬季大气污染防治",
        "state": PressEvent.State.PLANNED,
    }
    with django_capture_on_commit_callbacks(execute=True):
        event = services.save_press_event(actor=editor, event=None, data=data)
    assert not Publication.objects.exists()  # planned: not public yet
    with django_capture_on_commit_callbacks(execute=True):
        services.save_press_event(
            actor=editor,
            event=event,
            data={**data, "state": PressEvent.State.HELD, "transcript": "问：进展？\n答：顺利。"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_press_event(
            actor=editor,
            event=event,
            data={**data, "state": PressEvent.State.HELD, "transcript": "答：已完成。"},
        )
    publication = Publication.objects.get()
    assert (
        publication.source == "press"
        and "已完成" in publication.wechat_html
        and "顺利" not in publication.wechat_html
    )
    assert _feed_kinds()[data["title"]] == str(event.get_format_display())  # listed once, as the event


def test_the_air_daily_report_and_a_water_month_are_announced(
    administrator, django_capture_on_commit_callbacks
):
    from gongkai.air import services as air
    from gongkai.water import services as water
    from gongkai.water.models import Section

    with django_capture_on_commit_callbacks(execute=True):
        air.publish_daily_report(day=date(2026, 10, 5))
    daily = Publication.objects.get(source="air")
    assert daily.title == "2026年10月05日空气质量日报" and daily.link.endswith("?date=2026-10-05")
    Section.objects.create(
        code="S1",
        name="上游桥",
        water_name="清水河",
        water_body="river",
        target_class=2,
        control_level="national",
    )
    water.import_monthly(
        actor=administrator,
        month=date(2026, 10, 1),
        content=b"section,ph,do,codmn,nh3_n,tp\nS1,7.4,7.8,3.1,0.3,0.08\n",
    )
    with django_capture_on_commit_callbacks(execute=True):
        water.publish_month(actor=administrator, month=date(2026, 10, 1))
    month = Publication.objects.get(source="water")
    assert (
        month.source_key == "water.month:2026-10"
        and "上游桥" in month.wechat_html
        and "Ⅱ类" in month.wechat_html
    )
    kinds = _feed_kinds()
    assert kinds[daily.title] == "空气质量公报" and kinds[month.title] == "水环境质量公报"


def test_a_failing_listener_never_undoes_the_publication(django_capture_on_commit_callbacks):
    def broken(announcement):
        raise RuntimeError("boom")

    publishing.listen(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            publishing.announce(
                publishing.Announcement(
                    source="other", key="test.thing:1", title="一则通知", body_html="<p>正文</p>"
                )
            )
    finally:
        publishing._listeners.remove(broken)
    assert Publication.objects.get(source_key="test.thing:1").source == "other"
