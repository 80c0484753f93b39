"""The staff console of 主动公开: each page and action refuses the roles without its permission
(403), and the whole workflow can be driven through the forms."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.core.roles import CONSOLE
from gongkai.disclosure import services
from gongkai.disclosure.models import Document, PrivacyHit, Resolution, Status

from .conftest import RESIDENT_ID, docx_bytes

pytestmark = pytest.mark.django_db

ROLES = ("administrator", "editor", "reviewer", "legal_reviewer", "request_handler", "data_officer",
         "enforcement_officer", "leader")  # fmt: skip


def disclosure_staff_patterns() -> list[tuple[str, URLPattern]]:
    resolver = get_resolver()
    (included,) = [p for p in resolver.url_patterns if getattr(p, "namespace", None) == "disclosure"]
    return [(p.name, p) for p in included.url_patterns if str(p.pattern).startswith("staff/")]


@pytest.fixture
def objects(make_draft, editor):
    document = make_draft(body=f"<p>身份证{RESIDENT_ID}</p>")
    attachment = services.add_attachment(
        actor=editor, document=document, name="a.docx", data=docx_bytes("附件")
    )
    services.submit_for_review(actor=editor, document=document)
    return {"document": document, "attachment": attachment, "hit": document.privacy_hits.get()}


def url_for(name: str, pattern: URLPattern, objects, catalogue) -> str:
    kwargs = {}
    if "pk" in pattern.pattern.converters:
        pk = {
            "staff_attachment_remove": objects["attachment"].pk,
            "staff_attachment_update": objects["attachment"].pk,
            "staff_original": objects["attachment"].pk,
            "staff_preview": objects["attachment"].pk,
            "staff_hit_redact": objects["hit"].pk,
            "staff_hit_override": objects["hit"].pk,
            "staff_catalogue_edit": catalogue["03.02"].pk,
            "staff_catalogue_delete": catalogue["03.02"].pk,
        }.get(name, objects["document"].pk)
        kwargs["pk"] = pk
    return reverse(f"disclosure:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_url_refuses_roles_without_its_permission(
    role, make_staff, client_for, objects, catalogue
):
    user = make_staff(role, username=f"who-{role}")
    client = client_for(user)
    wrong = {}
    for name, pattern in disclosure_staff_patterns():
        permission = pattern.callback.staff_permission
        allowed = user.has_perm(CONSOLE) and user.has_perm(permission)
        url = url_for(name, pattern, objects, catalogue)
        get, post = client.get(url).status_code, client.post(url).status_code
        # Allowed: the page, a redirect, 405 for POST-only actions; a POST may still be refused by
        # the service (e.g. a leader returning a document that is in review). Refused: always 403.
        if allowed and (get == 403 or get >= 500 or post >= 500):
            wrong[name] = (get, post)
        if not allowed and (get, post) != (403, 403):
            wrong[name] = (get, post)
    assert wrong == {}
    # Nothing changed through a refused request; an editor may withdraw the unreviewed
    # submission (issue 13), which the allowed POST to staff_recall did.
    recalled = user.has_perm("disclosure.change_document")
    expected = Status.DRAFT if recalled else Status.IN_REVIEW
    assert Document.objects.get(pk=objects["document"].pk).status == expected


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("editor", "staff_review"),
        ("editor", "staff_hit_redact"),
        ("reviewer", "staff_approve"),
        ("editor", "staff_approve"),
        ("reviewer", "staff_submit"),
        ("leader", "staff_hit_override"),
    ],
)
def test_a_role_without_the_permission_cannot_post_the_action(
    role, url_name, make_staff, client_for, objects
):
    client = client_for(make_staff(role, username=f"x-{role}"))
    pk = objects["hit"].pk if url_name.startswith("staff_hit") else objects["document"].pk
    assert (
        client.post(reverse(f"disclosure:{url_name}", args=[pk]), {"reason": "理由写够四个字"}).status_code
        == 403
    )


def test_an_editor_cannot_return_a_document_in_review_through_the_shared_url(client_for, editor, objects):
    response = client_for(editor).post(
        reverse("disclosure:staff_return", args=[objects["document"].pk]), {"reason": "编辑自己退回"}
    )
    assert response.status_code == 403


def test_the_workflow_through_the_console(client_for, editor, reviewer, leader, catalogue):
    as_editor, as_reviewer, as_leader = client_for(editor), client_for(reviewer), client_for(leader)
    response = as_editor.post(
        reverse("disclosure:staff_document_new"),
        {
            "title": "关于排污许可证核发情况的公告",
            "catalogue_item": catalogue["05.01.01"].pk,
            "issuing_organ": "示例市生态环境局",
            "date_formed": "2026-10-09",
            "subject": "environment",
            "doc_type": "other",
            "body": "<p>现将排污许可证核发情况公告如下。</p><script>x</script>",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_staff_url()
    assert "script" not in document.body
    upload = SimpleUploadedFile("核发清单.docx", docx_bytes(f"经办人身份证号码：{RESIDENT_ID}"))
    as_editor.post(reverse("disclosure:staff_attachment_add", args=[document.pk]), {"files": [upload]})
    assert document.attachments.count() == 1
    as_editor.post(reverse("disclosure:staff_submit", args=[document.pk]))
    page = as_reviewer.get(document.get_staff_url()).text
    assert "1101**********002X" in page and RESIDENT_ID not in page  # hits are shown masked only
    assert "尚有1处个人信息未处理" in page

    response = as_reviewer.post(
        reverse("disclosure:staff_review", args=[document.pk]), {"note": "可公开"}, follow=True
    )
    assert "未处理" in response.text
    assert Document.objects.get().status == Status.IN_REVIEW
    hit = PrivacyHit.objects.get()
    as_reviewer.post(reverse("disclosure:staff_hit_redact", args=[hit.pk]))
    assert PrivacyHit.objects.get().resolution == Resolution.REDACTED
    as_reviewer.post(reverse("disclosure:staff_review", args=[document.pk]), {"note": "经审查可以公开"})
    assert Document.objects.get().status == Status.AWAITING_APPROVAL

    at = timezone.localtime() + timedelta(hours=1)
    response = as_leader.post(
        reverse("disclosure:staff_approve", args=[document.pk]), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    document.refresh_from_db()
    assert document.status == Status.SCHEDULED
    services.publish_due(now=document.scheduled_for)
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    history = as_editor.get(reverse("disclosure:staff_history", args=[document.pk]))
    assert "首次发布" in history.text


def test_a_domain_error_in_a_form_is_shown_on_the_field(client_for, editor, catalogue):
    response = client_for(editor).post(
        reverse("disclosure:staff_document_new"),
        {
            "title": "规范性文件",
            "catalogue_item": catalogue["03.02"].pk,
            "issuing_organ": "示例市生态环境局",
            "date_formed": "2026-10-09",
            "subject": "environment",
            "doc_type": "normative",
        },
    )
    assert response.status_code == 200
    assert "须标明有效性" in response.text
    assert not Document.objects.exists()


def test_revision_and_withdrawal_through_the_console(client_for, editor, leader, make_draft, publish):
    document = publish(make_draft())
    response = client_for(editor).post(
        reverse("disclosure:staff_revise", args=[document.pk]), {"reason": "更正文号"}
    )
    draft = Document.objects.get(revision_of=document)
    assert response["Location"] == draft.get_staff_url()
    client_for(leader).post(
        reverse("disclosure:staff_withdraw", args=[document.pk]), {"reason": "决定已被撤销"}
    )
    assert Document.objects.get(pk=document.pk).status == Status.WITHDRAWN


def test_the_dashboard_flags_late_and_overdue_documents(client_for, leader, make_draft, publish):
    late = publish(make_draft(title="迟发的批复", date_formed=date(2026, 9, 1)))
    overdue = make_draft(title="拖延未发的通知", date_formed=date(2026, 8, 3))
    page = client_for(leader).get(reverse("disclosure:staff_dashboard")).text
    assert "公开时效提醒" in page
    assert late.title in page and overdue.title in page


def test_staff_lists_and_statistics_export(client_for, leader, admin_user, make_draft, publish):
    publish(make_draft(date_formed=date(2026, 9, 1)))
    client = client_for(leader)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("disclosure:staff_documents"), {"export": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][0] == "索引号" and rows[1][8] == "是"
    timeliness = client.get(reverse("disclosure:staff_timeliness"), {"year": 2026, "export": "csv"})
    assert "法规科" in timeliness.content.decode("utf-8-sig")
    figures = client.get(reverse("disclosure:staff_figures"), {"year": 2026, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(figures.content)).active
    assert [cell.value for cell in sheet[1]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == ["规章", "行政规范性文件"]
    page = client.get(reverse("disclosure:staff_figures"), {"year": 2026}).text
    assert "第二十条第（一）项" in page
    catalogue_xlsx = client_for(admin_user).get(reverse("disclosure:staff_catalogue"), {"export": "xlsx"})
    assert load_workbook(io.BytesIO(catalogue_xlsx.content)).active["A1"].value == "编码"


def test_imports_through_the_console_report_row_by_row(
    client_for, admin_user, catalogue, django_capture_on_commit_callbacks
):
    """The legacy import runs as an intake job in the worker; its page reports row by row."""
    from .test_importing import LEGACY_HEADERS, legacy_row, xlsx

    client = client_for(admin_user)
    bad = SimpleUploadedFile(
        "legacy.xlsx", xlsx(LEGACY_HEADERS, legacy_row(**{"目录编码": "99", "附件": ""}))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("disclosure:staff_import"), {"file": bad})
    response = client.get(response.url)
    assert "未导入" in response.text and "99" in response.text
    good = SimpleUploadedFile("legacy.xlsx", xlsx(LEGACY_HEADERS, legacy_row(**{"附件": ""})))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("disclosure:staff_import"), {"file": good})
    response = client.get(response.url)
    assert "待批量保密审查" in response.text
    assert not Document.objects.published().exists()  # a reviewer's bulk decision publishes it
    template = client.get(reverse("disclosure:staff_import_template"))
    assert load_workbook(io.BytesIO(template.content)).active["B1"].value == "标题"


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("示环发〔2025〕3号", 2025),
        ("示环发[2025]3号", 2025),
        ("示环罚（2025）12号", 2025),
        ("示环发〔2026〕3号", None),  # matches the date formed
        ("示环函12号", None),  # no year
        ("", None),
    ],
)
def test_a_document_number_year_that_contradicts_the_date_formed_is_found(number, year):
    from gongkai.disclosure.docnumbers import conflicting_year

    assert conflicting_year(number, date(2026, 10, 9)) == year


def test_the_editor_is_warned_of_a_document_number_year_contradicting_the_date_formed(
    client_for, editor, catalogue
):
    client = client_for(editor)
    response = client.post(
        reverse("disclosure:staff_document_new"),
        {
            "title": "关于开展执法检查的通知",
            "catalogue_item": catalogue["03.02"].pk,
            "issuing_organ": "示例市生态环境局",
            "document_number": "示环发〔2025〕3号",
            "date_formed": "2026-10-09",
            "subject": "environment",
            "doc_type": "other",
        },
        follow=True,
    )
    assert "文号中的年份（2025）与成文日期的年份（2026）不一致" in response.text
    document = Document.objects.get()
    assert document.number_year_conflict == 2025  # flagged on the page as long as it stays
    assert "文号中的年份（2025）" in client.get(document.get_staff_url()).text
