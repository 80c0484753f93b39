"""Imports report row by row and are all-or-nothing: the 基本目录 from XLSX (and back), and legacy
documents from an XLSX of metadata plus a ZIP of files."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.disclosure import importing
from gongkai.disclosure.models import CatalogueItem, Document, SearchEntry, Status
from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

from .conftest import RESIDENT_ID, docx_bytes

pytestmark = pytest.mark.django_db


def xlsx(headers, *rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CATALOGUE_HEADERS = [label for _name, label in importing.CATALOGUE_COLUMNS]


def test_the_catalogue_exports_and_imports_back_unchanged(admin_user):
    from gongkai.disclosure import services

    for row in STANDARD_CATALOGUE:
        services.save_catalogue_item(actor=admin_user, **row)
    exported = importing.export_catalogue_xlsx()
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [cell.value for cell in sheet[1]] == CATALOGUE_HEADERS
    eia = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "05.01.01")
    assert eia[1] == "建设项目环境影响评价文件审批"
    assert eia[4] == 7 and eia[5] == "自该信息形成或者变更之日起"
    assert eia[7] == "政府网站、两微一端、政务服务中心、便民服务站"
    before = list(CatalogueItem.objects.order_by("code").values())
    report = importing.import_catalogue(actor=admin_user, data=exported)
    assert report.ok and report.applied
    assert {row.result for row in report.rows} == {"更新"}
    assert list(CatalogueItem.objects.order_by("code").values()) == before


def test_a_catalogue_file_with_one_bad_row_changes_nothing(admin_user):
    data = xlsx(
        CATALOGUE_HEADERS,
        ["01", "政府信息公开指南", "", "", 20, "", "办公室", "政府网站", "全社会", "主动", "市级", "", 1],
        ["02", "政府信息公开制度", "", "", "二十", "", "办公室", "政府网站", "全社会", "主动", "市级", "", 2],
        ["09.01", "没有上级", "", "", 20, "", "办公室", "报纸", "全社会", "主动", "市级", "", 3],
    )
    report = importing.import_catalogue(actor=admin_user, data=data)
    assert not report.applied
    assert [(row.row, row.ok) for row in report.rows] == [(2, True), (3, False), (4, False)]
    assert "整数" in report.rows[1].result
    assert "报纸" in report.rows[2].result
    assert not CatalogueItem.objects.exists()


PROCESS_ROW = ["05.02.01", "行政处罚流程", "", "", 20, "自收到申请之日起", "执法支队", "精准推送", "特定群体"]
PROCESS_ROW += ["依申请", "", "", 3]


def test_a_good_catalogue_file_creates_the_tree_parents_first(admin_user):
    data = xlsx(
        CATALOGUE_HEADERS,
        ["05.01", "行政许可", "", "", 20, "", "审批科", "政府网站", "全社会", "主动", "县级", "", 2],
        ["05", "标准目录", "", "", "", "", "办公室", "", "全社会", "主动", "县级", "", 1],
        PROCESS_ROW,
        ["05.02", "行政处罚", "", "", 20, "", "执法支队", "政府网站", "全社会", "主动", "县级", "", 2],
    )
    report = importing.import_catalogue(actor=admin_user, data=data)
    assert report.ok and report.applied
    assert CatalogueItem.objects.get(code="05.02.01").parent.code == "05.02"
    item = CatalogueItem.objects.get(code="05.02.01")
    assert (item.method, item.audience, item.time_limit_start) == ("依申请", "特定群体", "request")
    assert CatalogueItem.objects.get(code="05").time_limit_days is None
    assert AuditRecord.objects.filter(action="disclosure.catalogue.import").count() == 1


def test_importing_the_catalogue_needs_the_permission(editor):
    with pytest.raises(PermissionDenied):
        importing.import_catalogue(actor=editor, data=xlsx(CATALOGUE_HEADERS))


LEGACY_HEADERS = [label for _name, label in importing.LEGACY_COLUMNS]


def legacy_row(**overrides):
    values = {
        "索引号": "",
        "标题": "关于2023年排污许可证核发情况的公告",
        "目录编码": "05.01.01",
        "发布机构": "示例市生态环境局",
        "文号": "",
        "成文日期": date(2023, 5, 4),
        "发布日期": "2023-05-10",
        "主题分类": "城乡建设、环境保护",
        "文件类型": "其他文件",
        "有效性": "",
        "失效/废止日期": "",
        "承办处室": "审批科",
        "正文": "2023年共核发排污许可证86件。\n详见附件。",
        "附件": "核发清单.docx",
    }
    values.update(overrides)
    return [values[header] for header in LEGACY_HEADERS]


def test_legacy_content_is_imported_published_and_searchable(admin_user, reviewer, catalogue):
    from gongkai.disclosure.search import service as search

    archive = zip_of({"核发清单.docx": docx_bytes("排污许可证核发清单：某某化工有限公司")})
    data = xlsx(
        LEGACY_HEADERS,
        legacy_row(),
        legacy_row(
            **{
                "索引号": "000014349/2019-00007",
                "标题": "示例市环境空气质量管理办法",
                "目录编码": "03.02",
                "文件类型": "行政规范性文件",
                "有效性": "废止",
                "成文日期": "2019年3月1日",
                "发布日期": "2019-03-05",
                "失效/废止日期": "2023-01-01",
                "附件": "",
                "正文": "<p>第一条 为改善环境空气质量……</p>",
            }
        ),
    )
    report = importing.import_legacy(actor=admin_user, data=data, archive=archive, file_name="legacy.xlsx")
    assert report.ok and report.applied, [row.result for row in report.rows]
    assert not Document.objects.published().exists()  # nothing without a recorded 保密审查
    importing.review_batch(actor=reviewer, batch=report.batch, opinion="逐份核对，不涉密，无个人信息。")
    first, second = Document.objects.order_by("pk")
    assert first.status == Status.PUBLISHED and first.public_date == date(2023, 5, 10)
    assert first.body == "<p>2023年共核发排污许可证86件。</p><p>详见附件。</p>"
    assert first.late is False
    assert second.index_number == "000014349/2019-00007" and second.validity == "repealed"
    assert SearchEntry.objects.count() == 2
    found, _terms = search.search("排污")
    assert list(found) == [first]


def test_a_legacy_file_with_one_bad_row_imports_nothing(admin_user, catalogue):
    data = xlsx(
        LEGACY_HEADERS,
        legacy_row(),
        legacy_row(**{"目录编码": "99.99"}),
        legacy_row(**{"成文日期": "2023-13-01"}),
        legacy_row(**{"附件": "不存在.pdf"}),
        legacy_row(**{"文件类型": "行政规范性文件"}),
    )
    archive = zip_of({"核发清单.docx": docx_bytes("清单")})
    report = importing.import_legacy(actor=admin_user, data=data, archive=archive)
    assert not report.applied
    assert [row.row for row in report.errors] == [3, 4, 5, 6]
    assert "99.99" in report.errors[0].result
    assert "成文日期" in report.errors[1].result
    assert "不存在.pdf" in report.errors[2].result
    assert "有效性" in report.errors[3].result
    assert not Document.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="disclosure.document").exists()


def test_legacy_rows_with_personal_data_wait_for_review(admin_user, catalogue):
    archive = zip_of({"核发清单.docx": docx_bytes(f"联系人身份证号：{RESIDENT_ID}")})
    report = importing.import_legacy(
        actor=admin_user, data=xlsx(LEGACY_HEADERS, legacy_row()), archive=archive
    )
    assert report.applied
    document = Document.objects.get()
    assert document.status == Status.IN_REVIEW
    assert "待逐份保密审查" in report.rows[0].result
    assert not Document.objects.published().exists()


def test_a_duplicate_index_number_is_an_error(admin_user, catalogue):
    rows = [legacy_row(**{"索引号": "A-1", "附件": ""}), legacy_row(**{"索引号": "A-1", "附件": ""})]
    report = importing.import_legacy(actor=admin_user, data=xlsx(LEGACY_HEADERS, *rows))
    assert [row.row for row in report.errors] == [3]
    assert not Document.objects.exists()


# --- issue 20: the legacy import never publishes without a recorded 保密审查 -------------------


def _import(admin_user, *rows, archive=None):
    report = importing.import_legacy(
        actor=admin_user, data=xlsx(LEGACY_HEADERS, *rows), archive=archive, file_name="旧网站.xlsx"
    )
    assert report.applied, [row.result for row in report.rows]
    return report.batch


def test_the_legacy_import_publishes_nothing_until_a_reviewer_records_a_bulk_decision(admin_user, catalogue):
    batch = _import(admin_user, legacy_row(**{"附件": ""}), legacy_row(**{"附件": "", "标题": "第二份"}))
    assert set(Document.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}
    assert not Document.objects.published().exists() and not SearchEntry.objects.exists()
    assert not any(Document.objects.values_list("index_number", flat=True))
    assert len(batch.file_sha256) == 64 and batch.imported_by == admin_user
    assert [row.line for row in importing.reviewable_rows(batch)] == [2, 3]


def test_the_bulk_review_is_recorded_with_its_scope_and_shown_in_each_documents_history(
    admin_user, reviewer, catalogue
):
    from gongkai.audit.queries import trail_for

    rows = [legacy_row(**{"附件": "", "标题": f"公告{n}"}) for n in range(4)]
    batch = _import(admin_user, *rows)
    with pytest.raises(DomainError, match="保密审查意见"):
        importing.review_batch(actor=reviewer, batch=batch, opinion="  ")
    opinion = "已逐份核对，不涉密。"
    review = importing.review_batch(actor=reviewer, batch=batch, opinion=opinion, lines=[2, 3, 5])
    assert (review.reviewer, review.opinion, review.lines) == (reviewer, "已逐份核对，不涉密。", [2, 3, 5])
    assert review.scope_text == "第2–3、5行"
    published = Document.objects.published().order_by("pk")
    assert [document.title for document in published] == ["公告0", "公告1", "公告3"]
    assert Document.objects.get(title="公告2").status == Status.IN_REVIEW  # outside the scope
    for document in published:
        assert document.public_date == date(2023, 5, 10)  # the original 发布日期
        assert (document.reviewed_by, document.review_note) == (reviewer, "已逐份核对，不涉密。")
        assert document.reviewed_at == review.reviewed_at
        assert "批量保密审查" in document.revisions.get(number=1).reason
        actions = [entry.action for entry in trail_for(document)]
        assert "disclosure.document.review" in actions and "disclosure.document.publish" in actions
        entry = AuditRecord.objects.get(action="disclosure.document.review", target_id=str(document.pk))
        assert (entry.after_data["scope"], entry.after_data["batch"]) == ("第2–3、5行", batch.pk)
    batch_entry = AuditRecord.objects.get(action="disclosure.import.review")
    assert (batch_entry.after_data["opinion"], batch_entry.after_data["documents"]) == (opinion, 3)
    # the rest, and nothing twice
    with pytest.raises(DomainError, match="第2行"):
        importing.review_batch(actor=reviewer, batch=batch, opinion="再审", lines=[2])
    importing.review_batch(actor=reviewer, batch=batch, opinion="剩余一份已核对。")
    assert Document.objects.published().count() == 4
    with pytest.raises(DomainError, match="没有可批量审查"):
        importing.review_batch(actor=reviewer, batch=batch, opinion="无")


def test_the_importer_cannot_review_their_own_batch_and_editors_cannot_review(
    admin_user, reviewer, editor, make_staff, catalogue
):
    batch = _import(admin_user, legacy_row(**{"附件": ""}))
    with pytest.raises(PermissionDenied):
        importing.review_batch(actor=editor, batch=batch, opinion="通过")
    both = make_staff("reviewer", username="shencha2")
    both.groups.add(*admin_user.groups.all())
    own = importing.import_legacy(actor=both, data=xlsx(LEGACY_HEADERS, legacy_row(**{"附件": ""}))).batch
    with pytest.raises(DomainError, match="导入人不能审查"):
        importing.review_batch(actor=both, batch=own, opinion="通过")
    assert not Document.objects.published().exists()


def test_documents_with_personal_data_stay_outside_bulk_decisions(admin_user, reviewer, catalogue):
    archive = zip_of({"核发清单.docx": docx_bytes(f"联系人身份证号：{RESIDENT_ID}")})
    batch = _import(admin_user, legacy_row(), legacy_row(**{"附件": "", "标题": "干净的"}), archive=archive)
    assert [row.line for row in importing.reviewable_rows(batch)] == [3]
    with pytest.raises(DomainError, match="第2行"):
        importing.review_batch(actor=reviewer, batch=batch, opinion="通过", lines=[2, 3])
    importing.review_batch(actor=reviewer, batch=batch, opinion="通过")
    assert list(Document.objects.published().values_list("title", flat=True)) == ["干净的"]


def test_imported_documents_get_index_numbers_with_their_category_segment(
    admin_user, reviewer, catalogue, settings
):
    settings.DISCLOSURE_INDEX_PATTERN = "{org}-{category}-{year}-{serial:05d}"
    batch = _import(admin_user, legacy_row(**{"附件": ""}), legacy_row(**{"附件": "", "目录编码": "03.02"}))
    importing.review_batch(actor=reviewer, batch=batch, opinion="通过")
    numbers = list(Document.objects.order_by("pk").values_list("index_number", flat=True))
    assert [number.split("-")[1:3] for number in numbers] == [["05", "2023"], ["03", "2023"]]


def test_a_reviewer_records_the_bulk_decision_in_the_console(admin_user, reviewer, catalogue, client_for):
    from django.urls import reverse

    batch = _import(admin_user, *[legacy_row(**{"附件": "", "标题": f"公告{n}"}) for n in range(3)])
    client = client_for(reviewer)
    listing = client.get(reverse("disclosure:staff_legacy_batches"))
    assert listing.status_code == 200 and "旧网站.xlsx" in listing.content.decode()
    page = client.get(reverse("disclosure:staff_legacy_batch", args=[batch.pk]))
    assert "第2–4行，共3份" in page.content.decode()
    assert 'name="opinion"' in page.content.decode() and "通过</textarea>" not in page.content.decode()
    url = reverse("disclosure:staff_legacy_batch_review", args=[batch.pk])
    client.post(url, {"opinion": "", "lines": ""})
    assert not Document.objects.published().exists()
    client.post(url, {"opinion": "已核对，不涉密。", "lines": "2-3"})
    assert Document.objects.published().count() == 2
    page = client.get(reverse("disclosure:staff_legacy_batch", args=[batch.pk])).content.decode()
    assert "第2–3行" in page and "已核对，不涉密。" in page
    document = Document.objects.published().first()
    detail = client.get(reverse("disclosure:staff_document", args=[document.pk])).content.decode()
    assert "批量保密审查：李审查" in detail
    # the importer (system administrator) sees the batch but cannot decide
    assert client_for(admin_user).post(url, {"opinion": "通过"}).status_code == 403
