"""双公示 batches for "信用中国" (the credit platform): the field sets of the national template
(regulations.md §9.1: 行政处罚 and 行政许可), a batch written as CSV, XLSX or JSON, and the push connector.

The template's official data-standard document is not confirmed (regulations.md, open point 8): the field
names below are the set that recurs in public code collecting 信用中国 records, in that order. The
platform's submission interface (an upload page, an SFTP drop or a provincial exchange) is not named in
the domain facts, so it is deployment configuration: the default backend `OutboxBackend` writes each batch
as a file into CREDITCHINA_OUTBOX_DIR (default DATA_DIR/creditchina/outbox), from which the deployment's
own transfer (or a person) hands it on. Another backend is a class with `send(batch) -> PushResult`
named by the dotted path CREDITCHINA_BACKEND.

Domain apps (enforcement for 处罚, licensing for 许可) build the rows and record each push; this module
has no models."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

PENALTY = "penalty"
LICENCE = "licence"

# 行政处罚 (regulations.md §9.1), template order.
PENALTY_FIELDS = (
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1（统一社会信用代码）",
    "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）",
    "行政相对人代码_4（税务登记号）",
    "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)
PENALTY_REQUIRED = (
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "处罚决定日期",
    "处罚有效期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
)

# 行政许可 (regulations.md §9.1), template order; which are 必填 is not known ([U]).
LICENCE_FIELDS = (
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1（统一社会信用代码）",
    "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）",
    "行政相对人代码_4（税务登记号）",
    "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政许可决定文书名称",
    "行政许可决定文书号",
    "许可类别",
    "许可证书名称",
    "许可编号",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "许可机关统一社会信用代码",
    "当前状态",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)

FIELDS = {PENALTY: PENALTY_FIELDS, LICENCE: LICENCE_FIELDS}
REQUIRED = {PENALTY: PENALTY_REQUIRED, LICENCE: ()}
FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Batch:
    """One day's or period's records of one kind, each a dict keyed by the template's field names."""

    kind: str  # PENALTY or LICENCE
    first: date
    last: date
    rows: list[dict] = field(default_factory=list)

    @property
    def fields(self) -> tuple[str, ...]:
        return FIELDS[self.kind]

    def filename(self, fmt: str) -> str:
        span = self.first.strftime("%Y%m%d")
        if self.last != self.first:
            span += "-" + self.last.strftime("%Y%m%d")
        label = "行政处罚" if self.kind == PENALTY else "行政许可"
        return f"双公示-{label}-{span}.{fmt}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _safe(cell: str) -> str:
    """Spreadsheet formula injection guard (as core.listing): a leading = + - @ is quoted."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def missing_required(batch: Batch) -> list[tuple[int, str]]:
    """(row number from 1, field) of every empty 必填 field: the platform refuses such rows."""
    return [
        (number, name)
        for number, row in enumerate(batch.rows, start=1)
        for name in REQUIRED[batch.kind]
        if not _text(row.get(name)).strip()
    ]


def render(batch: Batch, fmt: str) -> bytes:
    """The batch as CSV (UTF-8 with BOM, for Excel), XLSX or JSON ({"类型", "起", "止", "数据": [...]})."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    rows = [[_text(row.get(name)) for name in batch.fields] for row in batch.rows]
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(batch.fields)
        writer.writerows([_safe(cell) for cell in row] for row in rows)
        return "\ufeff".encode() + text.getvalue().encode("utf-8")
    if fmt == "json":
        payload = {
            "类型": "行政处罚" if batch.kind == PENALTY else "行政许可",
            "起": _text(batch.first),
            "止": _text(batch.last),
            "数据": [dict(zip(batch.fields, row, strict=True)) for row in rows],
        }
        return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("行政处罚" if batch.kind == PENALTY else "行政许可")
    sheet.append(list(batch.fields))
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class PushResult:
    ok: bool
    detail: str  # where the batch went (a file path, a receipt) or why it failed


class OutboxBackend:
    """Writes the batch (in CREDITCHINA_FORMAT, default JSON) into the outbox directory, never
    overwriting a file: a second push of the same period gets a numbered name."""

    def __init__(self, directory: Path | None = None, fmt: str | None = None):
        from django.conf import settings

        self.directory = Path(
            directory
            or getattr(settings, "CREDITCHINA_OUTBOX_DIR", settings.DATA_DIR / "creditchina" / "outbox")
        )
        self.fmt = fmt or getattr(settings, "CREDITCHINA_FORMAT", "json")

    def send(self, batch: Batch) -> PushResult:
        data = render(batch, self.fmt)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            base = batch.filename(self.fmt)
            stem, suffix = base.rsplit(".", 1)
            for attempt in range(1, 1000):
                name = base if attempt == 1 else f"{stem}-{attempt}.{suffix}"
                path = self.directory / name
                try:
                    with open(path, "xb") as handle:
                        handle.write(data)
                        handle.flush()
                        os.fsync(handle.fileno())
                except FileExistsError:
                    continue
                return PushResult(True, str(path))
            return PushResult(False, f"too many files named {base}")
        except OSError as error:
            return PushResult(False, f"{type(error).__name__}: {error}")


def backend():
    """The configured backend (CREDITCHINA_BACKEND, a dotted path), by default OutboxBackend."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "CREDITCHINA_BACKEND", "")
    return import_string(path)() if path else OutboxBackend()
