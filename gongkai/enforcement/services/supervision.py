"""挂牌督办 / 专项督查曝光 lists and the 督察整改 tracker (problems, progress with evidence, the 整改方案
and 整改报告 handed to 主动公开)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import publishing
from gongkai.core.errors import DomainError, require
from gongkai.core.sequences import next_value
from gongkai.enforcement import rules
from gongkai.enforcement.models import (
    RECORDABLE_STATES,
    ListedCase,
    ProblemProgress,
    ProblemState,
    RectificationPlan,
    RectificationProblem,
)
from gongkai.enforcement.services.common import check_credit_code, privacy_gate, today

__all__ = [
    "add_problem",
    "close_listed_case",
    "create_listed_case",
    "create_rectification_plan",
    "draft_rectification_document",
    "listed_state",
    "record_progress",
    "state_totals",
]

LISTED = "enforcement.add_listedcase"
LISTED_CHANGE = "enforcement.change_listedcase"
RECTIFY = "enforcement.change_rectificationproblem"
RECTIFY_PLAN = "enforcement.add_rectificationplan"
MAX_EVIDENCE_BYTES = 20 * 2**20


@transaction.atomic
def create_listed_case(
    *,
    actor,
    kind: str,
    campaign: str,
    party_name: str,
    credit_code: str,
    problem: str,
    listed_on: date,
    deadline: date | None = None,
    requirement: str = "",
    published: bool = True,
) -> ListedCase:
    require(actor, LISTED)
    if kind not in ListedCase.Kind.values:
        raise DomainError(_("请选择类型。"), field="kind")
    for field, value in (("campaign", campaign), ("party_name", party_name), ("problem", problem)):
        if not (value or "").strip():
            raise DomainError(
                _("请填写“%(field)s”。") % {"field": ListedCase._meta.get_field(field).verbose_name},
                field=field,
            )
    code = check_credit_code(credit_code)
    if deadline and deadline < listed_on:
        raise DomainError(_("整改期限不能早于挂牌日期。"), field="deadline")
    privacy_gate({"problem": (_("问题"), problem), "requirement": (_("整改要求"), requirement)})
    prefix = _("督办") if kind == ListedCase.Kind.SUPERVISED else _("曝光")
    case = ListedCase.objects.create(
        kind=kind,
        number=f"{prefix}〔{listed_on.year}〕{next_value(f'enforcement.{kind}', listed_on.year)}号",
        campaign=campaign.strip(),
        party_name=party_name.strip(),
        credit_code=code,
        problem=problem.strip(),
        requirement=requirement.strip(),
        listed_on=listed_on,
        deadline=deadline,
        published=published,
    )
    audit.record(
        actor=actor,
        action="enforcement.listed_create",
        target=case,
        after=audit.model_snapshot(case, ["number", "kind", "party_name", "credit_code", "deadline"]),
    )
    return case


@transaction.atomic
def close_listed_case(*, actor, case: ListedCase, closed_on: date, outcome: str) -> ListedCase:
    """销号: the rectification was accepted; the outcome is published with the case."""
    require(actor, LISTED_CHANGE)
    case = ListedCase.objects.select_for_update().get(pk=case.pk)
    if case.status == ListedCase.Status.CLOSED:
        raise DomainError(_("该案件已销号。"))
    if not outcome.strip():
        raise DomainError(_("请填写整改情况。"), field="outcome")
    if closed_on < case.listed_on or closed_on > today():
        raise DomainError(_("销号日期应在挂牌日期之后且不晚于今天。"), field="closed_on")
    privacy_gate({"outcome": (_("整改情况"), outcome)})
    case.status, case.closed_on, case.outcome = ListedCase.Status.CLOSED, closed_on, outcome.strip()
    case.save()
    audit.record(
        actor=actor,
        action="enforcement.listed_close",
        target=case,
        after={"closed_on": closed_on.isoformat()},
    )
    return case


def listed_state(case: ListedCase, on: date) -> str:
    if case.status == ListedCase.Status.CLOSED:
        return str(_("已整改销号"))
    if case.deadline and on > case.deadline:
        return str(_("逾期未销号"))
    return str(_("督办中"))


@transaction.atomic
def create_rectification_plan(
    *, actor, title: str, level: str, feedback_on: date, summary: str = ""
) -> RectificationPlan:
    require(actor, RECTIFY_PLAN)
    if not title.strip():
        raise DomainError(_("请填写名称。"), field="title")
    if level not in RectificationPlan.Level.values:
        raise DomainError(_("请选择督察级别。"), field="level")
    plan = RectificationPlan.objects.create(
        title=title.strip(), level=level, feedback_on=feedback_on, summary=summary
    )
    audit.record(
        actor=actor, action="enforcement.rectification_create", target=plan, after={"title": plan.title}
    )
    return plan


@transaction.atomic
def add_problem(
    *,
    actor,
    plan: RectificationPlan,
    description: str,
    responsible_unit: str,
    measures: str,
    deadline: date | None,
    credit_code: str = "",
) -> RectificationProblem:
    require(actor, RECTIFY_PLAN)
    for field, value in (
        ("description", description),
        ("responsible_unit", responsible_unit),
        ("measures", measures),
    ):
        if not (value or "").strip():
            raise DomainError(
                _("请填写“%(field)s”。")
                % {"field": RectificationProblem._meta.get_field(field).verbose_name},
                field=field,
            )
    privacy_gate({"description": (_("问题"), description), "measures": (_("整改措施"), measures)})
    number = (plan.problems.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    problem = RectificationProblem.objects.create(
        plan=plan,
        number=number,
        description=description.strip(),
        responsible_unit=responsible_unit.strip(),
        measures=measures.strip(),
        deadline=deadline,
        credit_code=check_credit_code(credit_code, required=False),
    )
    audit.record(
        actor=actor,
        action="enforcement.problem_add",
        target=problem,
        after={"number": number, "deadline": deadline.isoformat() if deadline else None},
    )
    return problem


# Evidence types: extension and the file's own signature must agree (DOCX/XLSX are ZIP containers,
# checked against the decompression limits of core.uploads).
EVIDENCE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def check_evidence(name: str, data: bytes) -> None:
    """A 佐证材料 file: one of the accepted types, its content matching its extension."""
    from gongkai.core import uploads

    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError(_("文本佐证材料须为UTF-8编码。"), field="evidence") from None
        return
    signatures = EVIDENCE_SIGNATURES.get(extension)
    if signatures is None:
        raise DomainError(_("佐证材料只接受 PDF、JPG、PNG、DOCX、XLSX 或 TXT 文件。"), field="evidence")
    if not data.startswith(signatures):
        raise DomainError(_("佐证材料的内容与文件类型不符。"), field="evidence")
    if extension in ("docx", "xlsx"):
        uploads.check_container(data, field="evidence")


@transaction.atomic
def record_progress(
    *,
    actor,
    problem: RectificationProblem,
    reported_on: date,
    state: str,
    note: str,
    evidence_name: str = "",
    evidence: bytes | None = None,
    evidence_public: bool = False,
    evidence_title: str = "",
) -> ProblemProgress:
    """A progress entry (history, never edited) that also sets the problem's state."""
    require(actor, RECTIFY)
    problem = RectificationProblem.objects.select_for_update().get(pk=problem.pk)
    if state not in dict(RECORDABLE_STATES):
        raise DomainError(_("请选择整改状态（逾期由系统按整改时限判断）。"), field="state")
    if not note.strip():
        raise DomainError(_("请填写进展情况。"), field="note")
    if reported_on > today():
        raise DomainError(_("日期不能晚于今天。"), field="reported_on")
    if evidence is not None and len(evidence) > MAX_EVIDENCE_BYTES:
        raise DomainError(_("佐证材料不能超过20 MB。"), field="evidence")
    if evidence is not None:
        check_evidence(evidence_name, evidence)
    evidence_title = " ".join((evidence_title or "").split())[:200] if evidence is not None else ""
    if evidence_title:
        privacy_gate({"evidence_title": (_("佐证材料标题"), evidence_title)})
    privacy_gate({"note": (_("进展情况"), note)})
    if evidence_public and evidence is not None:
        from gongkai.privacy import extract

        try:
            hits = extract.scan_file(evidence)
        except extract.ExtractionError:
            raise DomainError(
                _("无法读取佐证材料的文字内容，不能公开；请取消“公开”。"), field="evidence"
            ) from None
        privacy_gate({"evidence_name": (_("佐证材料文件名"), evidence_name)})
        if hits:
            raise DomainError(
                _("佐证材料含有个人信息（%(where)s），不能公开。")
                % {"where": "；".join(f"{h.location}：{h.hit.label}" for h in hits[:5])},
                field="evidence",
            )
    progress = ProblemProgress.objects.create(
        problem=problem,
        reported_on=reported_on,
        state=state,
        note=note.strip(),
        evidence_name=evidence_name if evidence is not None else "",
        evidence=evidence,
        evidence_public=evidence_public and evidence is not None,
        evidence_title=evidence_title,
        actor=actor,
    )
    before = problem.state
    problem.state = state
    problem.completed_on = reported_on if state == rules.DONE else None
    problem.save()
    audit.record(
        actor=actor,
        action="enforcement.problem_progress",
        target=problem,
        before={"state": before},
        after={"state": state, "reported_on": reported_on.isoformat(), "evidence": progress.evidence_name},
    )
    return progress


def state_totals(problems, on: date) -> dict[str, int]:
    totals = dict.fromkeys(ProblemState.values, 0)
    for problem in problems:
        totals[problem.effective_state(on)] += 1
    return totals


@transaction.atomic
def draft_rectification_document(
    *, actor, plan: RectificationPlan, which: str, body_html: str = ""
) -> publishing.DraftRef:
    """整改方案 (which="plan") or 整改报告 (which="report") handed to 主动公开 as a draft under the
    catalogue row ENFORCEMENT_RECTIFICATION_CATALOGUE (default "03.07" 环境监督检查); it is published
    only after the 主动公开 review."""
    require(actor, RECTIFY_PLAN)
    if which not in ("plan", "report"):
        raise DomainError(_("文件类型无效。"))
    title = _("%(title)s整改方案") if which == "plan" else _("%(title)s整改情况报告")
    title = title % {"title": plan.title}
    on = today()
    body = body_html or _table_html(plan, on)
    ref = publishing.draft(
        actor=actor,
        request=publishing.DraftRequest(
            catalogue_code=getattr(settings, "ENFORCEMENT_RECTIFICATION_CATALOGUE", "03.07"),
            title=title,
            body_html=body,
            date_formed=on,
            source=f"enforcement.rectification:{plan.pk}:{which}",
        ),
    )
    field = "plan_document_id" if which == "plan" else "report_document_id"
    setattr(plan, field, ref.id)
    plan.save(update_fields=[field])
    audit.record(actor=actor, action="enforcement.rectification_draft", target=plan, after={which: ref.id})
    return ref


def _table_html(plan: RectificationPlan, on: date) -> str:
    problems = list(plan.problems.all())
    totals = state_totals(problems, on)
    labels = dict(ProblemState.choices)
    head = "".join(f"<li>{escape(labels[k])}：{v}</li>" for k, v in totals.items())
    rows = "".join(
        "<tr>"
        f"<td>{p.number}</td><td>{escape(p.description)}</td><td>{escape(p.responsible_unit)}</td>"
        f"<td>{escape(p.measures)}</td><td>{p.deadline or ''}</td>"
        f"<td>{escape(labels[p.effective_state(on)])}</td>"
        "</tr>"
        for p in problems
    )
    return (
        f"<p>{escape(plan.summary)}</p><ul>{head}</ul><table><thead><tr>"
        f"<th>{_('序号')}</th><th>{_('问题')}</th><th>{_('责任单位')}</th><th>{_('整改措施')}</th>"
        f"<th>{_('整改时限')}</th><th>{_('整改状态')}</th></tr></thead><tbody>{rows}</tbody></table>"
    )
