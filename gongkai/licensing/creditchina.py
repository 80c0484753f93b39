"""双公示 of 行政许可 to "信用中国": the batch of the licence decisions published in a period, exported
(CSV / XLSX / JSON, staff only, audited) or pushed through the configured backend (core.creditchina; by
default a file in the outbox directory), each push recorded with its count and result.

What goes out is what the bureau publishes: a natural person's name masked and no identity document
number. 当前状态 is "撤销" for a revocation decision and "有效" otherwise (the template's code list is not
confirmed, regulations.md §9.1)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import creditchina
from gongkai.core.errors import DomainError, require
from gongkai.licensing.models import CreditPush, Decision

EXPORT = "licensing.view_creditpush"
PUSH = "licensing.add_creditpush"
MAX_DAYS = 366


def _row(decision: Decision) -> dict:
    return {
        "行政相对人名称": decision.public_party_name,
        "行政相对人类别": decision.get_party_category_display(),
        "行政相对人代码_1（统一社会信用代码）": decision.credit_code,
        "法定代表人": "" if decision.party_category == "natural_person" else decision.legal_representative,
        "行政许可决定文书名称": decision.document_title,
        "行政许可决定文书号": decision.document_number,
        "许可类别": decision.licence_category,
        "许可证书名称": decision.certificate_name,
        "许可编号": decision.certificate_number,
        "许可内容": decision.content,
        "许可决定日期": decision.decided_on,
        "有效期自": decision.valid_from,
        "有效期至": decision.valid_to,
        "许可机关": decision.authority,
        "许可机关统一社会信用代码": decision.authority_code,
        "当前状态": "撤销" if decision.action == Decision.Action.REVOKE else "有效",
        "数据来源单位": decision.source_unit,
        "数据来源单位统一社会信用代码": decision.source_unit_code,
        "备注": decision.remarks,
    }


def licence_batch(first: date, last: date) -> creditchina.Batch:
    """行政许可 decisions published (公示) from `first` to `last` (local dates), in publication order."""
    if first > last:
        raise DomainError(_("开始日期不能晚于结束日期。"), field="first")
    if (last - first).days >= MAX_DAYS:
        raise DomainError(_("一次最多导出一年的记录。"), field="last")
    decisions = Decision.objects.filter(
        published_at__isnull=False, published_at__date__gte=first, published_at__date__lte=last
    ).order_by("published_at", "pk")
    return creditchina.Batch(creditchina.LICENCE, first, last, [_row(d) for d in decisions])


def credit_export(*, actor, first: date, last: date, fmt: str) -> tuple[str, bytes]:
    """The batch as a file (name, content) for download; audited."""
    require(actor, EXPORT)
    if fmt not in creditchina.FORMATS:
        raise DomainError(_("不支持的格式。"))
    batch = licence_batch(first, last)
    audit.record(
        actor=actor,
        action="licensing.creditchina_export",
        after={"first": first.isoformat(), "last": last.isoformat(), "format": fmt, "count": len(batch.rows)},
    )
    return batch.filename(fmt), creditchina.render(batch, fmt)


@transaction.atomic
def credit_push(*, actor, first: date, last: date) -> CreditPush:
    """Push the period's batch through the configured backend and record the push, failed or not."""
    require(actor, PUSH)
    batch = licence_batch(first, last)
    if not batch.rows:
        raise DomainError(_("该期间没有已公示的行政许可决定。"))
    result = creditchina.backend().send(batch)
    push = CreditPush.objects.create(
        first=first, last=last, count=len(batch.rows), ok=result.ok, detail=result.detail[:500], actor=actor
    )
    audit.record(
        actor=actor,
        action="licensing.creditchina_push",
        target=push,
        after={"first": first.isoformat(), "last": last.isoformat(), "count": push.count, "ok": result.ok},
    )
    return push
