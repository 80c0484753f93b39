"""双公示 of 行政处罚 to "信用中国": the batch of the penalty decisions published in a period, exported
(CSV / XLSX / JSON, staff only, audited) or pushed through the configured backend (core.creditchina; by
default a file in the outbox directory), each push recorded with its count and result.

What goes out is what the bureau publishes: a natural person's name masked, no identity document number
(regulations.md §9: identity data of natural persons is never public, and 信用中国 republishes it)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import creditchina
from gongkai.core.errors import DomainError, require
from gongkai.enforcement.models import Category, CreditPush, Decision

__all__ = ["EXPORT", "PUSH", "credit_export", "credit_push", "penalty_batch"]

EXPORT = "enforcement.view_creditpush"
PUSH = "enforcement.add_creditpush"
MAX_DAYS = 366


def _amount(value) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _row(decision: Decision) -> dict:
    remarks = decision.remarks
    if decision.withdrawn_on:
        remarks = _("已于%(day)s撤回：%(reason)s") % {
            "day": decision.withdrawn_on.isoformat(),
            "reason": decision.withdrawal_reason,
        }
    return {
        "行政相对人名称": decision.public_name,
        "行政相对人类别": decision.get_party_type_display(),
        "行政相对人代码_1（统一社会信用代码）": decision.credit_code,
        "法定代表人": decision.public_representative,
        "行政处罚决定书文号": decision.number,
        "违法行为类型": decision.violation_type,
        "违法事实": decision.facts,
        "处罚依据": decision.legal_basis,
        "处罚类别": decision.get_kind_display(),
        "处罚内容": decision.content,
        "罚款金额（万元）": _amount(decision.amount),
        "没收违法所得、没收非法财物的金额（万元）": _amount(decision.confiscated_amount),
        "暂扣或吊销证照名称及编号": decision.licence,
        "处罚决定日期": decision.decided_on,
        # The template's 处罚有效期 is the end of the publicity period (regulations.md §9.1).
        "处罚有效期": decision.publicity_until,
        "公示截止期": decision.publicity_until,
        "处罚机关": decision.authority,
        "处罚机关统一社会信用代码": decision.authority_code,
        "数据来源单位": decision.authority,
        "数据来源单位统一社会信用代码": decision.authority_code,
        "备注": remarks,
    }


def _period(first: date, last: date) -> None:
    if first > last:
        raise DomainError(_("开始日期不能晚于结束日期。"), field="first")
    if (last - first).days >= MAX_DAYS:
        raise DomainError(_("一次最多导出一年的记录。"), field="last")


def penalty_batch(first: date, last: date) -> creditchina.Batch:
    """行政处罚 decisions published (公示) from `first` to `last` (local dates), in publication order."""
    _period(first, last)
    decisions = (
        Decision.objects.filter(category=Category.PENALTY, published_at__isnull=False)
        .filter(published_at__date__gte=first, published_at__date__lte=last)
        .order_by("published_at", "pk")
    )
    return creditchina.Batch(creditchina.PENALTY, first, last, [_row(d) for d in decisions])


def credit_export(*, actor, first: date, last: date, fmt: str) -> tuple[str, bytes]:
    """The batch as a file (name, content) for download; audited."""
    require(actor, EXPORT)
    if fmt not in creditchina.FORMATS:
        raise DomainError(_("不支持的格式。"))
    batch = penalty_batch(first, last)
    audit.record(
        actor=actor,
        action="enforcement.creditchina_export",
        target=None,
        after={"first": first.isoformat(), "last": last.isoformat(), "format": fmt, "count": len(batch.rows)},
    )
    return batch.filename(fmt), creditchina.render(batch, fmt)


@transaction.atomic
def credit_push(*, actor, first: date, last: date) -> CreditPush:
    """Push the period's batch through the configured backend and record the push, failed or not. Rows
    missing a 必填 field stop the push (the platform would refuse them)."""
    require(actor, PUSH)
    batch = penalty_batch(first, last)
    if not batch.rows:
        raise DomainError(_("该期间没有已公示的行政处罚决定。"))
    missing = creditchina.missing_required(batch)
    if missing:
        numbers = {batch.rows[row - 1]["行政处罚决定书文号"] for row, _field in missing}
        raise DomainError(
            _("以下决定缺少信用中国必填项（%(fields)s），请补全后再推送：%(numbers)s")
            % {
                "fields": "、".join(sorted({name for _row, name in missing})),
                "numbers": "、".join(sorted(numbers)),
            }
        )
    result = creditchina.backend().send(batch)
    push = CreditPush.objects.create(
        first=first,
        last=last,
        count=len(batch.rows),
        ok=result.ok,
        detail=result.detail[:500],
        pushed_at=timezone.now(),
        actor=actor,
    )
    audit.record(
        actor=actor,
        action="enforcement.creditchina_push",
        target=push,
        after={"first": first.isoformat(), "last": last.isoformat(), "count": push.count, "ok": result.ok},
    )
    return push
