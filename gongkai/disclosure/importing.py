"""Spreadsheets in and out: the 基本目录 as XLSX, and the bulk import of legacy content (an XLSX of
metadata plus a ZIP of the files).

Every import checks every row first and reports row by row; when any row has an error nothing is
changed (one transaction, applied only after the whole file passed)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongkai.audit import services as audit
from gongkai.core import uploads
from gongkai.core.errors import DomainError, require
from gongkai.disclosure import attachments as files
from gongkai.disclosure import gate, indexnumbers, services
from gongkai.disclosure.models import (
    Audience,
    CatalogueItem,
    DocType,
    Document,
    DocumentRevision,
    LegacyBatch,
    LegacyReview,
    LegacyRow,
    Method,
    Status,
    Subject,
    TimeLimitStart,
    Validity,
)
from gongkai.disclosure.richtext import RichText
from gongkai.disclosure.search import service as search
from gongkai.intake import services as intake_services
from gongkai.intake import spreadsheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
PROGRESS_EVERY = 10


@dataclass
class RowReport:
    row: int
    key: str
    result: str
    ok: bool = True


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    applied: bool = False
    batch: LegacyBatch | None = None

    @property
    def errors(self) -> list[RowReport]:
        return [row for row in self.rows if not row.ok]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, key: str, message: str) -> None:
        self.rows.append(RowReport(row, key, message, ok=False))


def _read_sheet(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, object]]]]:
    """Header names and (Excel line, {header: value}) of the first sheet, through the one reader."""
    try:
        table = spreadsheet.read_table("import.xlsx", data, max_rows=MAX_ROWS)
    except spreadsheet.SheetError as error:
        raise DomainError(intake_services.sheet_message(error), field="file") from None
    return list(table.headers), [(row.line, row.values) for row in table.rows]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: object, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    if match:
        parts = [int(part) for part in match.groups() if part is not None]
        try:
            return date(*parts)
        except ValueError:
            pass
    raise DomainError(_("%(label)s“%(v)s”不是有效日期（应为YYYY-MM-DD）。") % {"label": label, "v": text})


def _choice(value: object, choices, label: str, default: str = "") -> str:
    text = _text(value)
    if not text:
        return default
    for choice_value, choice_label in choices.choices:
        if text in (choice_value, str(choice_label)):
            return choice_value
    allowed = "、".join(str(choice_label) for _value, choice_label in choices.choices)
    raise DomainError(_("%(label)s“%(v)s”无效，可选：%(a)s。") % {"label": label, "v": text, "a": allowed})


def _workbook_response_bytes(headers: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the catalogue ----------------------------------------------------------------------------

CATALOGUE_COLUMNS = [
    ("code", "编码"),
    ("name", "公开事项"),
    ("content", "公开内容（要素）"),
    ("basis", "公开依据"),
    ("time_limit_days", "公开时限（工作日）"),
    ("time_limit_start", "时限起算"),
    ("department", "公开主体"),
    ("channels", "公开渠道和载体"),
    ("audience", "公开对象"),
    ("method", "公开方式"),
    ("level", "公开层级"),
    ("link", "栏目链接"),
    ("order", "排序"),
]
_LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")


def catalogue_rows(items) -> list[list[object]]:
    return [
        [
            item.code,
            item.name,
            item.content,
            item.basis,
            item.time_limit_days,
            item.get_time_limit_start_display(),
            item.department,
            item.channels_text,
            item.get_audience_display(),
            item.get_method_display(),
            item.level,
            item.link,
            item.order,
        ]
        for item in items
    ]


def export_catalogue_xlsx() -> bytes:
    return _workbook_response_bytes(
        [label for _name, label in CATALOGUE_COLUMNS], catalogue_rows(CatalogueItem.objects.order_by("code"))
    )


def _catalogue_fields(record: dict[str, object]) -> dict:
    value = {name: record.get(label) for name, label in CATALOGUE_COLUMNS}
    days_text = _text(value["time_limit_days"])
    if days_text and not days_text.isdigit():
        raise DomainError(_("公开时限应为工作日天数（整数），或留空表示无法定时限。"))
    order_text = _text(value["order"]) or "0"
    if not order_text.isdigit():
        raise DomainError(_("排序应为整数。"))
    fields = {
        "code": _text(value["code"]),
        "name": _text(value["name"]),
        "content": _text(value["content"]),
        "basis": _text(value["basis"]),
        "time_limit_days": int(days_text) if days_text else None,
        "time_limit_start": _choice(
            value["time_limit_start"], TimeLimitStart, _("时限起算"), TimeLimitStart.FORMED
        ),
        "department": _text(value["department"]),
        "channels": [
            part.strip() for part in _LIST_SEPARATORS.split(_text(value["channels"])) if part.strip()
        ],
        "audience": _choice(value["audience"], Audience, _("公开对象"), Audience.PUBLIC),
        "method": _choice(value["method"], Method, _("公开方式"), Method.PROACTIVE),
        "level": _text(value["level"]),
        "link": _text(value["link"]),
        "order": int(order_text),
    }
    return services.validate_catalogue_fields(fields)


def import_catalogue(*, actor, data: bytes, file_name: str = "") -> ImportReport:
    """Create or update 目录事项 by code from an XLSX in the export's layout."""
    require(actor, "disclosure.import_catalogueitem")
    headers, records = _read_sheet(data)
    missing = [label for name, label in CATALOGUE_COLUMNS[:2] if label not in headers]
    if missing:
        raise DomainError(_("缺少必需的列：%(c)s。") % {"c": "、".join(missing)}, field="file")
    report = ImportReport()
    parsed: list[tuple[int, dict]] = []
    codes_in_file: set[str] = set()
    for number, record in records:
        key = _text(record.get("编码"))
        try:
            fields = _catalogue_fields(record)
            if fields["code"] in codes_in_file:
                raise DomainError(_("编码在表格中重复。"))
            codes_in_file.add(fields["code"])
        except DomainError as error:
            report.error(number, key, error.message)
            continue
        parsed.append((number, fields))
    existing = set(CatalogueItem.objects.values_list("code", flat=True))
    for number, fields in parsed:
        code = fields["code"]
        if "." in code:
            parent = code.rsplit(".", 1)[0]
            if parent not in existing and parent not in codes_in_file:
                report.error(number, code, _("上级事项“%(c)s”既不在系统中也不在表格中。") % {"c": parent})
                continue
        report.rows.append(RowReport(number, code, _("更新") if code in existing else _("新增")))
    report.rows.sort(key=lambda row: row.row)
    if not report.ok or not parsed:
        return report
    with transaction.atomic():
        items = {item.code: item for item in CatalogueItem.objects.all()}
        # Parents first: shorter codes before their children.
        for _number, fields in sorted(parsed, key=lambda pair: pair[1]["code"].count(".")):
            items[fields["code"]] = services.save_catalogue_item(
                actor=actor, item=items.get(fields["code"]), **fields
            )
        audit.record(
            actor=actor,
            action="disclosure.catalogue.import",
            target=("catalogue", "", file_name or "catalogue.xlsx"),
            after={"rows": len(parsed)},
        )
    report.applied = True
    return report


# --- legacy documents -------------------------------------------------------------------------

LEGACY_COLUMNS = [
    ("index_number", "索引号"),
    ("title", "标题"),
    ("catalogue", "目录编码"),
    ("issuing_organ", "发布机构"),
    ("document_number", "文号"),
    ("date_formed", "成文日期"),
    ("published", "发布日期"),
    ("subject", "主题分类"),
    ("doc_type", "文件类型"),
    ("validity", "有效性"),
    ("ceased_on", "失效/废止日期"),
    ("department", "承办处室"),
    ("body", "正文"),
    ("attachments", "附件"),
]
LEGACY_REQUIRED = ("标题", "目录编码", "发布机构", "成文日期", "发布日期")
PUBLICATION_TIME = time(9, 0)  # a legacy date without a time is taken as 09:00 local time


@dataclass
class _LegacyRow:
    number: int
    fields: dict
    index_number: str
    published_on: date
    files: list[tuple[str, bytes]]


def legacy_template_xlsx() -> bytes:
    example = [
        "",
        "示例市生态环境局关于印发《示例市大气污染防治工作方案》的通知",
        "03.02",
        "示例市生态环境局",
        "示环发〔2024〕12号",
        "2024-03-01",
        "2024-03-05",
        str(Subject.ENVIRONMENT.label),
        str(DocType.NORMATIVE.label),
        str(Validity.VALID.label),
        "",
        "大气环境科",
        "<p>各区县生态环境分局：……</p>",
        "方案.pdf；附表.xlsx",
    ]
    return _workbook_response_bytes([label for _name, label in LEGACY_COLUMNS], [example])


def _body_html(text: str) -> str:
    if "<" in text and ">" in text:
        return text
    return "".join(f"<p>{line}</p>" for line in (part.strip() for part in text.splitlines()) if line)


def _zip_files(data: bytes | None) -> dict[str, bytes]:
    if not data:
        return {}
    uploads.check_container(data, field="archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DomainError(_("附件压缩包不是有效的 ZIP 文件。"), field="archive") from None
    contents = {}
    with archive:
        total = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            total += info.file_size
            if info.file_size > files.max_bytes() or total > 20 * files.max_bytes():
                raise DomainError(_("压缩包中的文件过大。"), field="archive")
            name = info.filename
            if not info.flag_bits & 0x800:  # not marked UTF-8: Chinese Windows zips names in GBK
                try:
                    name = info.filename.encode("cp437").decode("gbk")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    name = info.filename
            contents[name.replace("\\", "/").rsplit("/", 1)[-1]] = archive.read(info)
    return contents


def _legacy_row(number: int, record: dict, catalogue: dict[str, CatalogueItem], archive: dict[str, bytes]):
    value = {name: record.get(label) for name, label in LEGACY_COLUMNS}
    for label in LEGACY_REQUIRED:
        if not _text(record.get(label)):
            raise DomainError(_("“%(c)s”不能为空。") % {"c": label})
    code = _text(value["catalogue"])
    item = catalogue.get(code)
    if item is None:
        raise DomainError(_("目录编码“%(c)s”不存在。") % {"c": code})
    date_formed = _date(value["date_formed"], _("成文日期"))
    published_on = _date(value["published"], _("发布日期"))
    if published_on > timezone.localdate():
        raise DomainError(_("发布日期不能晚于今天。"))
    if published_on < date_formed:
        raise DomainError(_("发布日期不能早于成文日期。"))
    fields = {
        "title": _text(value["title"]),
        "catalogue_item": item,
        "issuing_organ": _text(value["issuing_organ"]),
        "document_number": _text(value["document_number"]),
        "date_formed": date_formed,
        "subject": _choice(value["subject"], Subject, _("主题分类"), Subject.ENVIRONMENT),
        "doc_type": _choice(value["doc_type"], DocType, _("文件类型"), DocType.OTHER),
        "validity": _choice(value["validity"], Validity, _("有效性")),
        "ceased_on": _date(value["ceased_on"], _("失效/废止日期")),
        "department": _text(value["department"]),
        "body": _body_html(_text(value["body"])),
    }
    if fields["doc_type"] == DocType.INTERPRETATION:
        raise DomainError(_("政策解读请在系统中录入，以便关联被解读的政策文件。"))
    probe = Document()
    services._assign(probe, fields)
    services._validate(probe, [])
    attached = []
    for name in (part.strip() for part in _LIST_SEPARATORS.split(_text(value["attachments"]))):
        if not name:
            continue
        data = archive.get(name)
        if data is None:
            raise DomainError(_("附件“%(n)s”不在压缩包中。") % {"n": name})
        files.check_size(len(data))
        files.detect_type(data)
        attached.append((name, data))
    if not RichText(probe.body).text.strip() and not attached:
        raise DomainError(_("正文和附件不能都为空。"))
    return _LegacyRow(number, fields, _text(value["index_number"]), published_on, attached)


def import_legacy(
    *,
    actor,
    data: bytes,
    archive: bytes | None = None,
    file_name: str = "",
    progress: Callable[..., None] | None = None,
) -> ImportReport:
    """Import documents published on the old site as one batch (`LegacyBatch`). Nothing is
    published here: every document waits for 保密审查. A reviewer's bulk decision
    (`review_batch`) publishes the lines it covers with their original date (and index number when
    given, else a new one); a document in which the privacy gate finds personal data is left out
    of bulk decisions and reviewed on its own. ``progress(done, total=…)`` is told how far it got
    (the staff console runs this in the worker). ``report.batch`` is the batch created."""
    require(actor, "disclosure.import_document")
    headers, records = _read_sheet(data)
    progress = progress or (lambda done, total=None: None)
    total = 2 * len(records)  # each row is checked, then stored
    progress(0, total=total)
    missing = [label for label in LEGACY_REQUIRED if label not in headers]
    if missing:
        raise DomainError(_("缺少必需的列：%(c)s。") % {"c": "、".join(missing)}, field="file")
    files_in_zip = _zip_files(archive)
    catalogue = {item.code: item for item in CatalogueItem.objects.all()}
    report = ImportReport()
    parsed: list[_LegacyRow] = []
    numbers_in_file: set[str] = set()
    for done, (number, record) in enumerate(records, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done)
        key = _text(record.get("标题"))[:40]
        try:
            row = _legacy_row(number, record, catalogue, files_in_zip)
            if row.index_number:
                if row.index_number in numbers_in_file:
                    raise DomainError(_("索引号在表格中重复。"))
                if Document.objects.filter(index_number=row.index_number).exists():
                    raise DomainError(_("索引号“%(n)s”已被使用。") % {"n": row.index_number})
                numbers_in_file.add(row.index_number)
        except DomainError as error:
            report.error(number, key, error.message)
            continue
        parsed.append(row)
    if not report.ok or not parsed:
        return report
    with transaction.atomic():
        batch = LegacyBatch.objects.create(
            file_name=(file_name or "import.xlsx")[:200],
            file_sha256=hashlib.sha256(data).hexdigest(),
            imported_by=actor,
        )
        for done, row in enumerate(parsed, start=len(records) + 1):
            if done % PROGRESS_EVERY == 0:
                progress(done)  # inside the transaction: seen once it commits (the heartbeat still moves)
            result = _apply_legacy_row(actor, batch, row)
            report.rows.append(RowReport(row.number, row.fields["title"][:40], result))
        audit.record(
            actor=actor,
            action="disclosure.import",
            target=batch,
            after={
                "file": batch.file_name,
                "sha256": batch.file_sha256,
                "rows": len(parsed),
                "files": sum(len(row.files) for row in parsed),
            },
        )
    report.applied = True
    report.batch = batch
    return report


def _apply_legacy_row(actor, batch: LegacyBatch, row: _LegacyRow) -> str:
    document = services.new_document(actor=actor, fields=row.fields)
    for name, data in row.files:
        services.attach_file(actor=actor, document=document, name=name, data=data)
    hits = gate.store_findings(document, gate.scan_document(document))
    gate.apply_redactions(document)
    if row.index_number:
        document.index_number = row.index_number
    document.status = Status.IN_REVIEW
    document.save()
    LegacyRow.objects.create(
        batch=batch,
        line=row.number,
        document=document,
        published_at=timezone.make_aware(datetime.combine(row.published_on, PUBLICATION_TIME)),
    )
    if hits:
        return _("已导入，待逐份保密审查：发现%(n)d处个人信息") % {"n": len(hits)}
    return _("已导入，待批量保密审查")


def lines_text(lines: list[int]) -> str:
    """Spreadsheet lines as ranges: [2, 3, 4, 7] → "第2–4、7行"."""
    if not lines:
        return ""
    ranges: list[str] = []
    ordered = sorted(set(lines))
    start = previous = ordered[0]
    for line in [*ordered[1:], None]:
        if line is not None and line == previous + 1:
            previous = line
            continue
        ranges.append(str(start) if start == previous else f"{start}–{previous}")
        if line is not None:
            start = previous = line
    return _("第%(r)s行") % {"r": "、".join(ranges)}


def reviewable_rows(batch: LegacyBatch):
    """The lines a bulk decision may cover: still in 保密审查, with no privacy finding pending."""
    return [
        row
        for row in batch.rows.select_related("document").filter(
            review__isnull=True, document__status=Status.IN_REVIEW
        )
        if not services.pending_hits(row.document).exists()
    ]


@transaction.atomic
def review_batch(*, actor, batch: LegacyBatch, opinion: str, lines: list[int] | None = None, now=None):
    """A reviewer's bulk 保密审查 decision over `lines` of a batch (all reviewable lines when None):
    recorded with its scope (`LegacyReview`), then each covered document is published with its
    original date and carries the review (审查意见、审查人、审查时间, its history, the audit trail).
    The person who imported the batch cannot review it (先审后发 by another)."""
    require(actor, "disclosure.review_document")
    batch = LegacyBatch.objects.select_for_update().get(pk=batch.pk)
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("请填写保密审查意见。"), field="opinion")
    if batch.imported_by_id == actor.pk:
        raise DomainError(_("导入人不能审查自己导入的批次，请由其他保密审查员审查。"))
    open_rows = {row.line: row for row in reviewable_rows(batch)}
    if lines is None:
        chosen = list(open_rows.values())
    else:
        unknown = sorted(set(lines) - set(open_rows))
        if unknown:
            raise DomainError(
                _("%(l)s不能批量审查：已审查、不在本批次，或有未处理的个人信息（须逐份审查）。")
                % {"l": lines_text(unknown)},
                field="lines",
            )
        chosen = [open_rows[line] for line in sorted(set(lines))]
    if not chosen:
        raise DomainError(_("本批次没有可批量审查的文件。"), field="lines")
    now = now or timezone.now()
    review = LegacyReview.objects.create(
        batch=batch, reviewer=actor, reviewed_at=now, opinion=opinion, lines=[row.line for row in chosen]
    )
    scope = {"batch": batch.pk, "file": batch.file_name, "lines": review.lines, "documents": len(chosen)}
    audit.record(
        actor=actor, action="disclosure.import.review", target=batch, after={**scope, "opinion": opinion}
    )
    published = []
    for row in chosen:
        row.review = review
        row.save(update_fields=["review"])
        published.append(_publish_reviewed(actor, row, review, scope))
    search.index_documents(published)
    return review


def _publish_reviewed(actor, row: LegacyRow, review: LegacyReview, scope: dict) -> Document:
    document = services._lock(row.document)
    services._check_publishable_row(document.catalogue_item)  # the row may have changed since import
    document.review_note = review.opinion
    document.reviewed_by = actor
    document.reviewed_at = review.reviewed_at
    audit.record(
        actor=actor,
        action="disclosure.document.review",
        target=document,
        after={
            "note": review.opinion,
            "batch": review.batch_id,
            "scope": review.scope_text,
            "line": row.line,
        },
    )
    when = row.published_at
    document.index_number = document.index_number or indexnumbers.allocate(
        year=document.date_formed.year, item_code=document.catalogue_item.code
    )
    document.status = Status.PUBLISHED
    document.published_at = when
    document.revision = 1
    services.assess(document)
    document.save()
    DocumentRevision.objects.create(
        document=document,
        number=1,
        reason=_("历史信息导入（批量保密审查：%(who)s，%(when)s）")
        % {
            "who": actor.get_full_name() or actor.get_username(),
            "when": timezone.localtime(review.reviewed_at).strftime("%Y-%m-%d %H:%M"),
        },
        snapshot=services.public_snapshot(document),
        published_by=actor,
        published_at=when,
    )
    audit.record(
        actor=actor,
        action="disclosure.document.publish",
        target=document,
        after={
            "index_number": document.index_number,
            "published_at": when.isoformat(),
            "imported": True,
            "review": review.pk,
        },
    )
    return document


def process_legacy_job(ctx) -> str:
    """The ``disclosure.legacy`` importer (all-or-nothing), run by the intake worker: PDF text
    extraction and the privacy scan of every document happen here, not in the staff request."""
    report = import_legacy(
        actor=ctx.actor,
        data=ctx.content,
        archive=ctx.extra_content,
        file_name=ctx.filename,
        progress=ctx.progress,
    )
    for row in report.errors:
        ctx.error(row.row, "", f"{row.key}：{row.result}" if row.key else row.result)
    ctx.result["rows"] = [
        {"line": row.row, "key": row.key, "result": row.result} for row in report.rows if row.ok
    ]
    if not report.applied:
        return _("表格中没有可导入的行。") if report.ok else ""
    ctx.result["batch"] = report.batch.pk
    return _("已导入%(n)d份文件（批次 #%(b)d），须经保密审查员批量审查后发布。") % {
        "n": len(report.rows),
        "b": report.batch.pk,
    }
