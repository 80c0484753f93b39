"""Changing the working-day calendar. Every change is audited and announces itself through
`calendar_changed`, so that deadlines derived from the calendar are recomputed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, check_year
from gongkai.workcalendar import seed
from gongkai.workcalendar.models import CalendarYear, SpecialDay
from gongkai.workcalendar.workdays import SATURDAY, DayKind
from gongkai.workcalendar.workdays import SpecialDay as Special

# Sent after commit with `years` (the changed years). Apps holding deadlines (applications,
# disclosure timeliness …) connect a receiver that recomputes what those years affect.
calendar_changed = Signal()


def parse_special_days(text: str, *, year: int) -> list[Special]:
    """Lines of `YYYY-MM-DD 放假|上班 [名称]` (also `holiday|workday`); blank lines and lines
    starting with # are ignored. Errors name the line in Chinese."""
    kinds = {
        "放假": DayKind.HOLIDAY,
        "休": DayKind.HOLIDAY,
        "holiday": DayKind.HOLIDAY,
        "上班": DayKind.WORKDAY,
        "班": DayKind.WORKDAY,
        "workday": DayKind.WORKDAY,
    }
    days: list[Special] = []
    seen: set[date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 2:
            raise DomainError(_("第%(n)d行格式应为“日期 放假/上班 名称”。") % {"n": number})
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            raise DomainError(
                _("第%(n)d行的日期“%(d)s”无效，应为YYYY-MM-DD。") % {"n": number, "d": parts[0]}
            ) from None
        kind = kinds.get(parts[1].lower())
        if kind is None:
            raise DomainError(_("第%(n)d行的类型应为“放假”或“上班”。") % {"n": number})
        if day.year != year:
            raise DomainError(_("第%(n)d行的日期不属于%(y)d年。") % {"n": number, "y": year})
        if day in seen:
            raise DomainError(_("第%(n)d行的日期重复。") % {"n": number})
        if kind is DayKind.WORKDAY and day.weekday() < SATURDAY:
            raise DomainError(
                _("第%(n)d行：%(d)s本来就是工作日，调休上班日只能是周六或周日。") % {"n": number, "d": day}
            )
        seen.add(day)
        days.append(Special(day, kind, parts[2].strip() if len(parts) > 2 else ""))
    return sorted(days, key=lambda special: special.day)


def format_special_days(days: Iterable[SpecialDay]) -> str:
    labels = {DayKind.HOLIDAY.value: "放假", DayKind.WORKDAY.value: "上班"}
    return "\n".join(f"{day.day.isoformat()} {labels[day.kind]} {day.name}".rstrip() for day in days)


def _require_change(actor) -> None:
    # None is the system (the seed on migrate, `gongkai workdays import`).
    if actor is not None and not actor.has_perm("workcalendar.change_calendaryear"):
        raise PermissionDenied


def _announce(years: list[int]) -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarYear, years=years))


@transaction.atomic
def save_year(*, actor, year: int, days: list[Special], notice: str = "", source: str = "") -> CalendarYear:
    """Enter or replace a year's holidays and adjusted working days (a State Council notice)."""
    _require_change(actor)
    check_year(year, field=None)
    if any(special.day.year != year for special in days):
        raise DomainError(_("所有日期都必须属于%(y)d年。") % {"y": year})
    seen: set[date] = set()
    for special in days:
        if special.day in seen:
            raise DomainError(_("日期%(d)s重复。") % {"d": special.day})
        if special.kind == DayKind.WORKDAY and special.day.weekday() < SATURDAY:
            raise DomainError(_("%(d)s本来就是工作日，调休上班日只能是周六或周日。") % {"d": special.day})
        seen.add(special.day)
    existing = CalendarYear.objects.filter(year=year).first()
    before = (
        {"notice": existing.notice, "days": format_special_days(existing.days.all())} if existing else None
    )
    calendar_year, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice": notice, "source": source or "人工录入", "updated_by": actor}
    )
    calendar_year.days.all().delete()
    SpecialDay.objects.bulk_create(
        SpecialDay(year=calendar_year, day=special.day, kind=special.kind.value, name=special.name)
        for special in days
    )
    after = {"notice": notice, "days": format_special_days(calendar_year.days.all())}
    audit.record(actor=actor, action="calendar.year.save", target=calendar_year, before=before, after=after)
    _announce([year])
    return calendar_year


@transaction.atomic
def delete_year(*, actor, year: int) -> None:
    _require_change(actor)
    calendar_year = CalendarYear.objects.filter(year=year).first()
    if calendar_year is None:
        raise DomainError(_("%(y)d年尚未录入。") % {"y": year})
    before = {"notice": calendar_year.notice, "days": format_special_days(calendar_year.days.all())}
    audit.record(actor=actor, action="calendar.year.delete", target=calendar_year, before=before)
    calendar_year.delete()
    _announce([year])


@transaction.atomic
def import_package_years(*, actor=None, overwrite: bool = False) -> list[int]:
    """Load the years the chinese-calendar package covers. Years already entered are kept
    unless `overwrite`: a bureau's own entry wins over the package."""
    imported = []
    entered = set(CalendarYear.objects.values_list("year", flat=True))
    for year, days in seed.package_years().items():
        if year in entered and not overwrite:
            continue
        save_year(
            actor=actor,
            year=year,
            days=days,
            source=seed.package_version(),
            notice=f"国务院办公厅关于{year}年部分节假日安排的通知",
        )
        imported.append(year)
    return imported


class RangeKind:
    """What the year grid does to a range of days."""

    HOLIDAY = "holiday"  # 放假 (every day of the range, with the festival's name)
    WORKDAY = "workday"  # 调休上班 (the range's Saturdays and Sundays)
    CLEAR = "clear"  # back to an ordinary day (weekdays work, weekends rest)


MAX_RANGE_DAYS = 31  # a festival's 放假 is at most a few days; a longer range is a slip of the mouse


def days_with_range(
    days: Iterable[Special], *, start: date, end: date, kind: str, name: str = ""
) -> list[Special]:
    """A year's special days after marking `start`..`end` (inclusive) as `kind`. Pure."""
    if end < start:
        raise DomainError(_("结束日期不能早于开始日期。"))
    if start.year != end.year:
        raise DomainError(_("开始和结束日期必须在同一年。"))
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise DomainError(_("一次最多标记%(n)d天。") % {"n": MAX_RANGE_DAYS})
    span = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    previous = {special.day: special for special in days}
    kept = {day: special for day, special in previous.items() if not start <= day <= end}
    if kind == RangeKind.HOLIDAY:
        if not name.strip():
            raise DomainError(_("标记放假时请填写节日名称。"))
        for day in span:
            kept[day] = Special(day, DayKind.HOLIDAY, name.strip())
    elif kind == RangeKind.WORKDAY:
        weekend = [day for day in span if day.weekday() >= SATURDAY]
        if not weekend:
            raise DomainError(_("调休上班日只能是周六或周日，所选日期中没有周末。"))
        for day in weekend:
            kept[day] = Special(day, DayKind.WORKDAY, name.strip())
        for day in span:  # a weekday of the range keeps whatever it had
            if day.weekday() < SATURDAY and day in previous:
                kept[day] = previous[day]
    elif kind != RangeKind.CLEAR:
        raise DomainError(_("未知的标记类型。"))
    return sorted(kept.values(), key=lambda special: special.day)


def mark_range(
    *, actor, year: int, start: date, end: date, kind: str, name: str = "", notice: str | None = None
) -> CalendarYear:
    """The year grid: mark a range 放假 (with the festival's name), its weekend days 调休上班, or
    clear it; the whole year is saved through `save_year` (one audit record with the before and
    after, deadlines recomputed after the commit). A year not entered yet is created by its first
    range."""
    _require_change(actor)
    if start.year != year:
        raise DomainError(_("所有日期都必须属于%(y)d年。") % {"y": year})
    existing = CalendarYear.objects.filter(year=year).first()
    current = (
        [Special(d.day, DayKind(d.kind), d.name) for d in existing.days.all()] if existing is not None else []
    )
    days = days_with_range(current, start=start, end=end, kind=kind, name=name)
    if notice is None:
        notice = existing.notice if existing is not None else ""
    return save_year(actor=actor, year=year, days=days, notice=notice)  # source: 人工录入
