"""What the enforcement services share: settings with their documented defaults, the calendar, the
enterprise lookup and the privacy gate on published free text."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import facility
from gongkai.core.errors import DomainError
from gongkai.core.identifiers import is_valid_credit_code
from gongkai.enforcement import rules
from gongkai.privacy import scanner


def today() -> date:
    return timezone.localdate()


def calendar():
    """The working-day calendar, counting the year after the last entered one provisionally (暂定)."""
    from gongkai.workcalendar.queries import get_provisional_calendar

    return get_provisional_calendar()


def publication_workdays() -> int:
    return int(getattr(settings, "ENFORCEMENT_PUBLICATION_WORKDAYS", rules.DOUBLE_PUBLICITY_WORKDAYS))


def result_workdays() -> int:
    return int(getattr(settings, "ENFORCEMENT_RESULT_WORKDAYS", rules.RESULT_WORKDAYS))


def publicity_table() -> dict:
    return dict(getattr(settings, "ENFORCEMENT_PUBLICITY_DAYS", {}) or {})


def check_credit_code(code: str, *, field: str = "credit_code", required: bool = True) -> str:
    code = (code or "").strip().upper()
    if not code:
        if required:
            raise DomainError(_("请填写统一社会信用代码。"), field=field)
        return ""
    if not is_valid_credit_code(code):
        raise DomainError(
            _("统一社会信用代码“%(code)s”无效（GB 32100-2015 校验位不符）。") % {"code": code}, field=field
        )
    return code


def enterprise(code: str) -> facility.EnterpriseRef | None:
    return facility.lookup(code) if code else None


def privacy_gate(fields: dict[str, tuple[str, str]]) -> None:
    """Refuse to publish free text holding personal data: {field: (label, text)} → a DomainError that
    names each finding (kind and place) without repeating the value."""
    problems = []
    first = None
    for field, (label, text) in fields.items():
        for hit in scanner.scan_text(text or ""):
            problems.append(f"{label}{hit.location}：{hit.label}")
            first = first or field
    if problems:
        raise DomainError(
            _("公开内容含有个人信息，请删除或遮盖后再公示：%(items)s。")
            % {"items": "；".join(problems[:10])},
            field=first,
        )
