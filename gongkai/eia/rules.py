"""The deployment's numbers for the EIA notices: settings with documented defaults (windows.py cites
where each default comes from). Read here, passed to the pure windows module."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.eia import windows
from gongkai.eia.models import DocumentKind, Kind, Stage

# Which stages each kind of matter goes through. The 标准目录 rows of 危险废物经营许可证 have 受理,
# 拟决定 (决定前公示) and 决定 stages (regulations.md §5); 竣工环境保护验收 belongs to construction projects.
STAGES_BY_KIND = {
    Kind.EIA: (Stage.ACCEPTANCE, Stage.PRE_APPROVAL, Stage.DECISION, Stage.COMPLETION),
    Kind.RADIATION: (Stage.ACCEPTANCE, Stage.PRE_APPROVAL, Stage.DECISION),
    Kind.HAZARDOUS_WASTE: (Stage.ACCEPTANCE, Stage.PRE_APPROVAL, Stage.DECISION),
}
# Stages whose notice opens a comment window, and those that need the PDF (全本, 批复, 验收报告).
WINDOW_STAGES = (Stage.ACCEPTANCE, Stage.PRE_APPROVAL)
DOCUMENT_STAGES = (Stage.ACCEPTANCE, Stage.DECISION)


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def window_workdays(stage: str, document_kind: str) -> int | None:
    """Length of the stage's publicity window in working days, or None when it has none.

    EIA_ACCEPTANCE_REPORT_WORKDAYS (10: 报告书, also every matter without an EIA document),
    EIA_ACCEPTANCE_TABLE_WORKDAYS (5: 报告表), EIA_PRE_APPROVAL_WORKDAYS (5)."""
    if stage == Stage.ACCEPTANCE:
        if document_kind == DocumentKind.TABLE:
            return _int("EIA_ACCEPTANCE_TABLE_WORKDAYS", windows.ACCEPTANCE_TABLE_WORKDAYS)
        return _int("EIA_ACCEPTANCE_REPORT_WORKDAYS", windows.ACCEPTANCE_REPORT_WORKDAYS)
    if stage == Stage.PRE_APPROVAL:
        return _int("EIA_PRE_APPROVAL_WORKDAYS", windows.PRE_APPROVAL_WORKDAYS)
    return None


def publish_workdays(stage: str) -> int:
    """Working days after the information formed within which the notice must be up:
    EIA_DECISION_PUBLISH_WORKDAYS (7) for the decision, EIA_PUBLISH_WORKDAYS (20) for the others."""
    if stage == Stage.DECISION:
        return _int("EIA_DECISION_PUBLISH_WORKDAYS", windows.DECISION_PUBLISH_WORKDAYS)
    return _int("EIA_PUBLISH_WORKDAYS", windows.CATALOGUE_PUBLISH_WORKDAYS)


def closing_soon_workdays() -> int:
    """Windows ending within this many working days go on the to-do card (EIA_CLOSING_SOON_WORKDAYS, 2)."""
    return _int("EIA_CLOSING_SOON_WORKDAYS", 2)


def comment_limit() -> tuple[int, int]:
    """Accepted comments per IP address: EIA_COMMENT_SUBMIT_LIMIT = (count, seconds), default 10 per hour."""
    value = getattr(settings, "EIA_COMMENT_SUBMIT_LIMIT", None)
    return tuple(value) if value else (10, 3600)


def max_document_bytes() -> int:
    """A notice's PDF: EIA_MAX_DOCUMENT_MB, default 50 (a full 报告书 with its maps)."""
    return _int("EIA_MAX_DOCUMENT_MB", 50) * 1024 * 1024


def default_hearing_text() -> str:
    """行政许可法 Art. 47: before deciding a licence that touches others' major interests the authority
    informs the applicant and interested parties of their right to request a hearing."""
    return _(
        "依据《中华人民共和国行政许可法》第四十七条，建设单位和利害关系人享有要求听证的权利。"
        "如需申请听证，请在公示期内以书面形式向本机关提出。"
    )


def default_remedy_text(reconsideration_body: str) -> str:
    """The remedy clause of the decision (the same periods as the platform's reply letters)."""
    body = reconsideration_body or _("本级人民政府")
    return _(
        "建设单位、利害关系人如对本审批决定不服，可以自知道该决定之日起六十日内向%(body)s申请行政复议，"
        "或者自知道该决定之日起六个月内依法向人民法院提起行政诉讼。"
    ) % {"body": body}
