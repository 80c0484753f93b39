"""双随机、一公开: plans, the commitment published before the draw, the draw with its seed revealed,
the inspections' results and their publication within the configured working days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require
from gongkai.core.sequences import next_value
from gongkai.enforcement import draw as dr
from gongkai.enforcement.models import (
    DrawPlan,
    InspectionObject,
    InspectionResult,
    Inspector,
    PlanPool,
    PoolCategory,
)
from gongkai.enforcement.services.common import calendar, privacy_gate, result_workdays, today
from gongkai.workcalendar.workdays import YearNotCovered

__all__ = [
    "add_conflict",
    "commit_plan",
    "create_plan",
    "plan_units",
    "publish_results",
    "record_result",
    "remove_conflict",
    "run_draw",
    "verify_plan",
]

ADD_PLAN = "enforcement.add_drawplan"
DRAW = "enforcement.draw_drawplan"
RESULT = "enforcement.change_inspectionresult"
CATEGORY_ORDER = [PoolCategory.KEY, PoolCategory.GENERAL, PoolCategory.SPECIAL]


@transaction.atomic
def create_plan(
    *,
    actor,
    title: str,
    period_start: date,
    period_end: date,
    pools: list[tuple[str, Fraction | str | None, int | None]],
    inspectors_per_unit: int = 2,
    max_units_per_inspector: int | None = None,
) -> DrawPlan:
    """pools: (category, ratio or None, count or None) — exactly one of ratio and count per pool."""
    require(actor, ADD_PLAN)
    if not title.strip():
        raise DomainError(_("请填写计划名称。"), field="title")
    if period_end < period_start:
        raise DomainError(_("检查期间的结束日期不能早于开始日期。"), field="period_end")
    if not pools:
        raise DomainError(_("请至少设置一个抽查名录（比例或数量）。"))
    if inspectors_per_unit < 1:
        raise DomainError(_("每个对象至少需要1名执法人员。"), field="inspectors_per_unit")
    seen = set()
    for category, ratio, count in pools:
        if category not in PoolCategory.values or category in seen:
            raise DomainError(_("抽查名录类别无效或重复。"))
        seen.add(category)
        if (ratio is None) == (count is None):
            raise DomainError(_("每个名录须填写抽查比例或抽取数量之一。"))
        if ratio is not None and not 0 < Fraction(str(ratio)) <= 1:
            raise DomainError(_("抽查比例应大于0且不超过100%。"))
    year = period_start.year
    plan = DrawPlan.objects.create(
        number=f"双随机〔{year}〕{next_value('enforcement.drawplan', year)}号",
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        inspectors_per_unit=inspectors_per_unit,
        max_units_per_inspector=max_units_per_inspector,
        created_by=actor,
    )
    for category, ratio, count in pools:
        PlanPool.objects.create(plan=plan, category=category, ratio=_decimal(ratio), count=count)
    audit.record(
        actor=actor,
        action="enforcement.plan_create",
        target=plan,
        after={
            "title": plan.title,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "pools": [[c, str(r) if r is not None else None, n] for c, r, n in pools],
        },
    )
    return plan


def _decimal(ratio) -> Decimal | None:
    """A ratio as stored (4 decimal places, e.g. 12.5% → 0.1250)."""
    if ratio is None:
        return None
    share = Fraction(str(ratio)) if not isinstance(ratio, Fraction) else ratio
    return (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.0001"))


def _pools(plan: DrawPlan) -> list[PlanPool]:
    return sorted(plan.pools.all(), key=lambda p: CATEGORY_ORDER.index(p.category))


@transaction.atomic
def commit_plan(*, actor, plan: DrawPlan, seed_hex: str | None = None, at=None) -> DrawPlan:
    """Freeze the pools and the inspector pool and publish their SHA-256 digests with the SHA-256 of a
    fresh secret seed (the commitment). The seed stays encrypted and unshown until the draw."""
    require(actor, DRAW)
    plan = DrawPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DrawPlan.Status.PLANNED:
        raise DomainError(_("该计划已公布承诺值。"))
    seed = dr.parse_seed(seed_hex) if seed_hex else bytes.fromhex(dr.new_seed())
    for pool in _pools(plan):
        members = list(
            InspectionObject.objects.filter(category=pool.category, is_active=True)
            .order_by("code")
            .values_list("code", "name", "credit_code")
        )
        if not members:
            raise DomainError(
                _("“%(pool)s”名录为空，不能抽取。") % {"pool": PoolCategory(pool.category).label}
            )
        pool.snapshot = [list(m) for m in members]
        pool.digest = dr.pool_digest(m[0] for m in members)
        size = len(members)
        pool.drawn_count = (
            dr.count_for_ratio(size, Fraction(str(pool.ratio))) if pool.ratio is not None else pool.count
        )
        if pool.drawn_count > size:
            raise DomainError(
                _("“%(pool)s”抽取数量%(count)d大于名录中的对象数%(size)d。")
                % {"pool": PoolCategory(pool.category).label, "count": pool.drawn_count, "size": size}
            )
        pool.save()
    inspectors = list(Inspector.objects.filter(is_active=True).order_by("code").values_list("code", "name"))
    if not inspectors:
        raise DomainError(_("执法人员名录为空，不能抽取。"))
    codes = {code for code, _name in inspectors}
    units = {m[0] for pool in plan.pools.all() for m in pool.snapshot}
    conflicts = sorted(
        (inspector, unit)
        for inspector, unit in Inspector.conflicts.through.objects.values_list(
            "inspector__code", "inspectionobject__code"
        )
        if inspector in codes and unit in units
    )
    plan.inspector_snapshot = [list(i) for i in inspectors]
    plan.inspector_digest = dr.pool_digest(codes)
    plan.conflict_snapshot = [list(pair) for pair in conflicts]
    plan.seed_hex = seed.hex()
    plan.seed_commitment = dr.seed_commitment(seed)
    plan.committed_at = at or timezone.now()
    plan.status = DrawPlan.Status.COMMITTED
    plan.save()
    audit.record(
        actor=actor,
        action="enforcement.plan_commit",
        target=plan,
        after={
            "seed_sha256": plan.seed_commitment,
            "inspector_sha256": plan.inspector_digest,
            "pools": {p.category: {"sha256": p.digest, "count": p.drawn_count} for p in plan.pools.all()},
        },
    )
    return plan


@transaction.atomic
def run_draw(*, actor, plan: DrawPlan, at=None) -> DrawPlan:
    """Draw each pool from the committed snapshot with the committed seed, assign inspectors (never one
    tied to the unit), reveal the seed and create the inspections to do. `at` (demo, past records) and
    the draw's time must follow the commitment's."""
    require(actor, DRAW)
    plan = DrawPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DrawPlan.Status.COMMITTED:
        raise DomainError(
            _("须先公布承诺值，才能抽取。") if plan.status == DrawPlan.Status.PLANNED else _("该计划已抽取。")
        )
    seed = dr.parse_seed(plan.seed_hex)
    order: list[tuple[PlanPool, dr.Ranked]] = []
    for pool in _pools(plan):
        drawn = dr.draw(seed, [m[0] for m in pool.snapshot], pool.drawn_count)
        pool.drawn = [{"rank": r.rank, "id": r.member_id, "score": r.score} for r in drawn]
        pool.save(update_fields=["drawn"])
        order += [(pool, r) for r in drawn]
    try:
        assignments = dr.assign_inspectors(
            seed,
            [r.member_id for _pool, r in order],
            [code for code, _name in plan.inspector_snapshot],
            per_unit=plan.inspectors_per_unit,
            conflicts={tuple(pair) for pair in plan.conflict_snapshot},
            max_units_per_inspector=plan.max_units_per_inspector,
        )
    except dr.DrawError as error:
        raise DomainError(error.message) from None
    names = dict(plan.inspector_snapshot)
    by_unit = {a.unit_id: a.inspector_ids for a in assignments}
    plan.assignments = [[a.unit_id, list(a.inspector_ids)] for a in assignments]
    for pool, ranked in order:
        code, name, credit_code = next(m for m in pool.snapshot if m[0] == ranked.member_id)
        InspectionResult.objects.create(
            plan=plan,
            object_code=code,
            name=name,
            credit_code=credit_code,
            category=pool.category,
            rank=ranked.rank,
            inspectors="、".join(names[i] for i in by_unit[code]),
        )
    plan.drawn_at = at or timezone.now()
    if plan.drawn_at <= plan.committed_at:
        raise DomainError(_("抽取时间须晚于承诺值公布时间。"))
    plan.status = DrawPlan.Status.DRAWN
    plan.save()
    audit.record(
        actor=actor,
        action="enforcement.plan_draw",
        target=plan,
        after={
            "seed": plan.seed_hex,
            "drawn": {p.category: [d["id"] for d in p.drawn] for p in plan.pools.all()},
        },
    )
    return plan


@transaction.atomic
def record_result(
    *, actor, result: InspectionResult, inspected_on: date, outcome: str, findings: str = ""
) -> InspectionResult:
    """The inspection's outcome; its result is due within ENFORCEMENT_RESULT_WORKDAYS (default 20)
    working days of the inspection."""
    require(actor, RESULT)
    result = InspectionResult.objects.select_for_update().get(pk=result.pk)
    if result.published_at is not None:
        raise DomainError(_("结果已公开，不能修改。"))
    if outcome not in InspectionResult.Outcome.values or outcome == InspectionResult.Outcome.PENDING:
        raise DomainError(_("请选择检查结果。"), field="outcome")
    if inspected_on > today():
        raise DomainError(_("检查日期不能晚于今天。"), field="inspected_on")
    privacy_gate({"findings": (_("检查情况"), findings)})
    before = audit.model_snapshot(result, ["inspected_on", "outcome", "findings"])
    result.inspected_on = inspected_on
    result.outcome = outcome
    result.findings = findings.strip()
    try:
        result.result_due = calendar().add_workdays(inspected_on, result_workdays())
    except YearNotCovered:
        result.result_due = None
    result.save()
    audit.record_change(
        actor=actor,
        action="enforcement.result_record",
        target=result,
        before=before,
        after=audit.model_snapshot(result, ["inspected_on", "outcome", "findings"]),
    )
    return result


@transaction.atomic
def publish_results(*, actor, plan: DrawPlan, at=None) -> int:
    """Publish every recorded result not yet public; the plan is completed when none is pending."""
    require(actor, DRAW)
    plan = DrawPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.drawn_at is None:
        raise DomainError(_("尚未抽取，没有可公开的结果。"))
    ready = plan.results.filter(published_at__isnull=True).exclude(outcome=InspectionResult.Outcome.PENDING)
    now = at or timezone.now()
    codes = list(ready.values_list("object_code", flat=True))
    count = ready.update(published_at=now)
    if count == 0:
        raise DomainError(_("没有已录入而未公开的检查结果。"))
    if not plan.results.filter(published_at__isnull=True).exists():
        plan.status = DrawPlan.Status.COMPLETED
        plan.save(update_fields=["status"])
    audit.record(actor=actor, action="enforcement.results_publish", target=plan, after={"units": codes})
    return count


def plan_units(plan: DrawPlan) -> list[str]:
    return [d["id"] for pool in _pools(plan) for d in pool.drawn]


def verify_plan(plan: DrawPlan) -> dr.Verification:
    """Re-run the published draw of every pool and the inspector assignment from the revealed seed."""
    if not plan.drawn_at:
        return dr.Verification(False, (_("尚未抽取。"),))
    problems: list[str] = []
    drawn_all: list[str] = []
    for pool in _pools(plan):
        drawn_ids = tuple(d["id"] for d in pool.drawn)
        drawn_all += drawn_ids
        published = dr.PublishedDraw(
            pool.digest, plan.seed_commitment, plan.seed_hex, pool.drawn_count, drawn_ids
        )
        problems += dr.verify_draw(published, [m[0] for m in pool.snapshot]).problems
    seed = dr.parse_seed(plan.seed_hex)
    expected = dr.assign_inspectors(
        seed,
        drawn_all,
        [code for code, _name in plan.inspector_snapshot],
        per_unit=plan.inspectors_per_unit,
        conflicts={tuple(pair) for pair in plan.conflict_snapshot},
        max_units_per_inspector=plan.max_units_per_inspector,
    )
    if [[a.unit_id, list(a.inspector_ids)] for a in expected] != plan.assignments:
        problems.append(_("执法人员分配与按种子重新计算的结果不符。"))
    if dr.pool_digest(code for code, _name in plan.inspector_snapshot) != plan.inspector_digest:
        problems.append(_("执法人员名录摘要不符。"))
    return dr.Verification(not problems, tuple(problems))


@transaction.atomic
def add_conflict(*, actor, inspector: Inspector, object_code: str, reason: str = "") -> None:
    """回避: the inspector is never drawn for this unit (the reason stays in the audit trail only)."""
    require(actor, "enforcement.change_inspector")
    unit = InspectionObject.objects.filter(code=object_code.strip()).first()
    if unit is None:
        raise DomainError(_("名录编号“%(code)s”不存在。") % {"code": object_code}, field="object_code")
    if inspector.conflicts.filter(pk=unit.pk).exists():
        raise DomainError(_("该回避关系已存在。"), field="object_code")
    inspector.conflicts.add(unit)
    audit.record(
        actor=actor,
        action="enforcement.conflict_add",
        target=inspector,
        after={"object": unit.code, "reason": reason},
    )


@transaction.atomic
def remove_conflict(*, actor, inspector: Inspector, object_code: str) -> None:
    require(actor, "enforcement.change_inspector")
    unit = inspector.conflicts.filter(code=object_code).first()
    if unit is None:
        raise DomainError(_("该回避关系不存在。"))
    inspector.conflicts.remove(unit)
    audit.record(
        actor=actor, action="enforcement.conflict_remove", target=inspector, before={"object": unit.code}
    )
