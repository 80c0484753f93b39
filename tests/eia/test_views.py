"""Public pages, the comment form (validation, CAPTCHA, single-use token, rate limit, window), staff pages
and their permissions, exports with their audit, the registries (cards, home, sitemap, facility)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import dashboard, facility
from gongkai.eia import guard, services
from gongkai.eia.models import Comment, Notice, Project
from gongkai.workcalendar.models import CalendarYear

from .conftest import PROJECT_DATA, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.EIA_COMMENT_MIN_FILL_SECONDS = 0


@pytest.fixture
def published(project, make_notice, set_today):
    """受理公示 of the test project, published 28 September 2026 (open to 15 October); today 29 September."""
    notice = make_notice(project, "acceptance", date(2026, 9, 25), date(2026, 9, 28))
    set_today(date(2026, 9, 29))
    return notice


def captcha() -> dict:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def comment_form(**data) -> dict:
    return {
        "name": "陈建国",
        "contact": "13912345678",
        "content": "请说明废气对周边村庄的影响。",
        "form_token": guard.form_token(),
        "website": "",
        **captcha(),
        **data,
    }


def test_the_public_list_shows_published_notices_only(client, published, project, make_notice, set_today):
    other = services.create_project(actor=published.published_by, data={**PROJECT_DATA, "name": "草稿项目"})
    make_notice(other, "acceptance", date(2026, 9, 25))  # a draft
    set_today(date(2026, 9, 29))
    page = client.get(reverse("eia:index")).content.decode()
    assert project.name in page and "草稿项目" not in page
    assert "2026-09-28 — 2026-10-15" in page
    export = client.get(reverse("eia:index"), {"export": "csv"}).content.decode("utf-8-sig")
    assert project.name in export and "2026-10-15" in export
    api = client.get("/api/v1/lists/eia-notices").json()
    assert [row["project"] for row in api["results"]] == [project.name]
    assert client.get(reverse("eia:project", args=[other.pk])).status_code == 404
    draft = other.notices.get()
    assert client.get(reverse("eia:document", args=[draft.pk])).status_code == 404


def test_the_project_page_shows_the_dates_the_report_and_the_form_link(client, published, project):
    page = client.get(reverse("eia:project", args=[project.pk])).content.decode()
    assert "2026年9月28日" in page and "2026年10月15日" in page and "10个工作日" in page
    assert reverse("eia:document", args=[published.pk]) in page
    assert reverse("eia:comment", args=[published.pk]) in page
    response = client.get(reverse("eia:document", args=[published.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_comment_from_the_form_to_the_public_answer(
    client, published, project, reviewer, enforcer, client_for
):
    form = client.get(reverse("eia:comment", args=[published.pk])).content.decode()
    assert 'name="captcha_1"' in form and 'name="form_token"' in form
    response = client.post(reverse("eia:comment", args=[published.pk]), comment_form())
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    comment = Comment.objects.get()
    assert comment.number in thanks
    page = client.get(reverse("eia:project", args=[project.pk])).content.decode()
    assert "废气" not in page  # not before moderation
    staff = client_for(reviewer)
    assert (
        staff.post(
            reverse("eia:staff_comment_moderate", args=[comment.pk]),
            {"decision": "approve", "published_content": "请说明废气对周边村庄的影响。"},
        ).status_code
        == 302
    )
    assert (
        client_for(enforcer)
        .post(reverse("eia:staff_comment_answer", args=[comment.pk]), {"answer": "已要求建设单位补充预测。"})
        .status_code
        == 302
    )
    page = client.get(reverse("eia:project", args=[project.pk])).content.decode()
    assert "请说明废气对周边村庄的影响。" in page and "已要求建设单位补充预测。" in page
    assert "陈建国" not in page and "13912345678" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"captcha_1": "wrong"}, "验证码不正确"),
        ({"contact": "123"}, "有效的手机号码"),
        ({"name": ""}, ""),
        ({"website": "http://spam.example"}, "提交未成功"),
        ({"form_token": "forged"}, "提交未成功"),
        ({"content": "意见\u200b内容很长"}, "不可见的控制字符"),
    ],
)
def test_a_bad_comment_is_refused_in_chinese(client, published, data, message):
    response = client.post(reverse("eia:comment", args=[published.pk]), comment_form(**data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_form_token_is_good_once(client, published):
    data = comment_form()
    assert client.post(reverse("eia:comment", args=[published.pk]), data).status_code == 302
    again = client.post(reverse("eia:comment", args=[published.pk]), {**data, **captcha()})
    assert again.status_code == 400 and Comment.objects.count() == 1


def test_comments_are_rate_limited(client, published, settings):
    settings.EIA_COMMENT_SUBMIT_LIMIT = (2, 3600)
    url = reverse("eia:comment", args=[published.pk])
    assert [client.post(url, comment_form()).status_code for _ in range(3)] == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_no_comment_outside_the_window(client, published, set_today):
    set_today(date(2026, 10, 16))
    url = reverse("eia:comment", args=[published.pk])
    assert "不在意见征求期内" in client.get(url).content.decode()
    assert client.post(url, comment_form()).status_code == 400
    assert not Comment.objects.exists()


# --- staff ------------------------------------------------------------------------------------


def test_staff_pages_need_their_permissions(client, client_for, make_staff, published, project):
    data_officer = client_for(make_staff("data_officer"))
    for name, args in (
        ("eia:staff_projects", []),
        ("eia:staff_project", [project.pk]),
        ("eia:staff_comments", []),
        ("eia:staff_project_new", []),
    ):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 302  # to the sign-in page
        assert data_officer.get(url).status_code == 403
    reviewer = client_for(make_staff("reviewer"))
    assert reviewer.get(reverse("eia:staff_project", args=[project.pk])).status_code == 200
    assert reviewer.get(reverse("eia:staff_project_new")).status_code == 403
    assert reviewer.post(reverse("eia:staff_project_new"), {}).status_code == 403


def test_an_officer_enters_and_publishes_a_project(client_for, enforcer, set_today):
    set_today(date(2026, 9, 28))
    officer = client_for(enforcer)
    data = {**PROJECT_DATA, "received_on": "2026-09-25", "credit_code": "91990100MA0TE00100"}
    bad = officer.post(reverse("eia:staff_project_new"), data)
    assert bad.status_code == 200 and "统一社会信用代码不正确" in bad.content.decode()
    response = officer.post(
        reverse("eia:staff_project_new"), {**data, "credit_code": PROJECT_DATA["credit_code"]}
    )
    project = Project.objects.get()
    assert response.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("全本.pdf", pdf_bytes(), content_type="application/pdf")
    response = officer.post(
        reverse("eia:staff_notice", args=[project.pk, "acceptance"]),
        {"formed_on": "2026-09-25", "body": "受理公示内容。", "comment_channel": "信函", "document": upload},
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    page = officer.get(reverse("eia:staff_project", args=[project.pk])).content.decode()
    assert "2026-10-29" in page  # 20 working days after 25 September
    officer.post(reverse("eia:staff_notice_publish", args=[notice.pk]), {"override_reason": ""})
    notice.refresh_from_db()
    assert notice.is_published and notice.window_last == date(2026, 10, 15)
    assert officer.get(reverse("eia:staff_notice", args=[project.pk, "nonsense"])).status_code == 404
    assert {"eia.project_create", "eia.notice_create", "eia.notice_publish"} <= set(
        AuditRecord.objects.values_list("action", flat=True)
    )


def test_the_comment_log_export_names_the_sender_only_for_holders_and_is_audited(
    client_for, make_staff, published, project
):
    services.submit_comment(
        notice=published, name="陈建国", contact="13912345678", content="请说明废气影响。"
    )
    reviewer = client_for(make_staff("reviewer"))
    url = reverse("eia:staff_comments")
    export = reviewer.get(url, {"project": project.pk, "export": "csv"}).content.decode("utf-8-sig")
    assert "陈建国" in export and "13912345678" in export
    assert AuditRecord.objects.filter(action="eia.comment_export").count() == 1
    editor = client_for(make_staff("editor"))
    export = editor.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    page = editor.get(url, {"project": "x"}).content.decode()
    assert "没有公众意见" in page
    api = editor.get("/api/v1/lists/eia-comments").json()
    assert "name" not in api["results"][0] and api["results"][0]["content"] == "请说明废气影响。"


def test_moderation_is_the_reviewers(client_for, enforcer, reviewer, published):
    comment = services.submit_comment(
        notice=published, name="陈建国", contact="13912345678", content="请说明废气影响。"
    )
    url = reverse("eia:staff_comment_moderate", args=[comment.pk])
    assert client_for(enforcer).post(url, {"decision": "approve"}).status_code == 403
    response = client_for(reviewer).post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400 and "不予公开的理由" in response.content.decode()
    page = client_for(reviewer).get(reverse("eia:staff_comment", args=[comment.pk])).content.decode()
    assert "陈建国" in page and "13912345678" in page


def test_to_do_cards(published, reviewer, enforcer, project, make_notice, set_today):
    services.submit_comment(
        notice=published, name="陈建国", contact="13912345678", content="请说明废气影响。"
    )
    counts = {shown.card.key: shown.count for shown in dashboard.cards_for(reviewer)}
    assert counts["eia.pending_comments"] == 1
    make_notice(project, "decision", date(2026, 10, 9))
    set_today(date(2026, 10, 14))
    shown = {s.card.key: s for s in dashboard.cards_for(enforcer)}
    assert "eia.pending_comments" not in shown
    assert shown["eia.closing_windows"].count == 1 and shown["eia.decisions_due"].count == 1
    assert "2026-10-19" in str(shown["eia.decisions_due"].items[0].label)  # 7 working days


def test_home_card_sitemap_and_facility_section(client, published, project):
    home = client.get("/").content.decode()
    assert project.name in home and "10月15日截止" in home
    assert reverse("eia:project", args=[project.pk]) in client.get("/sitemap.xml").content.decode()
    sections = {s.section.key: s.context for s in facility.sections_for(project.credit_code)}
    assert sections["eia.projects"]["projects"][0][0] == project
    assert facility.sections_for("91990100MA0TE00209", public=True) == [] or all(
        s.section.key != "eia.projects" for s in facility.sections_for("91990100MA0TE00209")
    )


def test_builder_links_to_its_facility_page_when_the_directory_knows_it(
    client, published, project, monkeypatch
):
    ref = facility.EnterpriseRef(project.credit_code, project.builder, "/qy/test/")
    monkeypatch.setattr(facility, "_directory", [facility.Directory(lambda code: ref, lambda text, n: [ref])])
    assert 'href="/qy/test/"' in client.get(reverse("eia:project", args=[project.pk])).content.decode()


def test_no_public_page_answers_500_on_odd_input(client, published):
    for url in ("/eia/?kind=zzz&stage=%00&sort=x&page=999", "/eia/999999/", "/eia/notice/999999/comment/"):
        assert client.get(url).status_code in (200, 404)
    assert Client().post(reverse("eia:comment", args=[published.pk]), {"content": "\x00"}).status_code == 400


def test_the_builders_facility_page_lists_its_projects(client, published, project):
    from gongkai.sources.models import Enterprise  # the registry app (tests may cross apps)

    Enterprise.objects.create(credit_code=project.credit_code, name=project.builder)
    page = client.get(f"/sources/enterprise/{project.credit_code}/").content.decode()
    assert project.name in page and reverse("eia:project", args=[project.pk]) in page
    project_page = client.get(reverse("eia:project", args=[project.pk])).content.decode()
    assert f"/sources/enterprise/{project.credit_code}/" in project_page


def test_the_public_pages_stay_within_a_query_budget(
    client, published, project, django_assert_max_num_queries
):
    for number in range(20):
        comment = services.submit_comment(
            notice=published,
            name="陈建国",
            contact="13912345678",
            content=f"第{number}条意见：请说明废气影响。",
        )
        Comment.objects.filter(pk=comment.pk).update(status="approved", published_content=comment.content)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("eia:project", args=[project.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("eia:index")).status_code == 200


def test_a_window_reaching_into_a_year_not_entered_is_shown_as_provisional(client, project, make_notice):
    last = max(CalendarYear.objects.values_list("year", flat=True))
    notice = make_notice(project, "acceptance", date(last, 12, 21), date(last, 12, 28))
    assert notice.window_provisional and notice.window_last.year == last + 1
    page = client.get(reverse("eia:project", args=[project.pk])).content.decode()
    assert "暂定" in page and f"{last + 1}年1月" in page
    export = client.get(reverse("eia:index"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "暂定" in export


def test_a_correction_is_shown_with_its_time_and_reason(client, client_for, enforcer, published, project):
    url = reverse("eia:staff_notice_correct", args=[published.pk])
    officer = client_for(enforcer)
    assert officer.get(url).status_code == 200
    response = officer.post(url, {"body": "更正后的公示内容。", "reason": "建设地点表述有误"})
    assert response.status_code == 302
    page = client.get(reverse("eia:project", args=[project.pk])).content.decode()
    assert "更正：建设地点表述有误" in page and "更正后的公示内容。" in page


def test_the_comment_form_hints_and_its_error_summary(client, published):
    url = reverse("eia:comment", args=[published.pk])
    page = client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="name"[^>]*autocomplete="name"', page)
    assert re.search(r'<input[^>]*name="contact"[^>]*autocomplete="off"', page)
    assert "data-error-summary" not in page
    page = client.post(url, comment_form(name="", contact="", content="")).content.decode()
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>.*?</div>", page, re.S).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    for field in ("name", "contact", "content"):
        assert f'href="#id_{field}"' in summary and f'id="id_{field}"' in page
    assert "gongkai/error-summary.js" in page
