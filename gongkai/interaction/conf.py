"""Settings of 互动交流, each with its documented default (README.md, "Settings")."""

from __future__ import annotations

from django.conf import settings

from gongkai.interaction.models import Kind, OpinionLevel

# The bureau's own commitment, not a national rule (none fixes a reply time for 留言): 10 working days.
DEFAULT_REPLY_WORKDAYS = {Kind.DIRECTOR: 10, Kind.CONSULTATION: 10, Kind.COMPLAINT: 10, Kind.REPORT: 10}
DEFAULT_REMINDER_WORKDAYS = 2
# Fictional districts of the demo city; a deployment lists its own.
DEFAULT_DISTRICTS = ("城关区", "东湖区", "西山区", "南河区", "北塘区", "高新区", "经开区", "临江县", "青石县")
# Hours to a first response to a 舆情 item, by level: a local working target, configurable; the national
# notice on 政务舆情回应 is not transcribed in regulations.md, so no figure from it is encoded.
DEFAULT_OPINION_RESPONSE_HOURS = {
    OpinionLevel.GENERAL: 72,
    OpinionLevel.SIGNIFICANT: 24,
    OpinionLevel.MAJOR: 5,
}
DEFAULT_PRESS_INTERVAL_MONTHS = 3  # quarterly press conferences (issue 18)
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 3


def reply_workdays(kind: str) -> int:
    configured = getattr(settings, "INTERACTION_REPLY_WORKDAYS", {}) or {}
    return int(configured.get(kind, DEFAULT_REPLY_WORKDAYS.get(kind, 10)))


def reminder_workdays() -> int:
    return int(getattr(settings, "INTERACTION_REMINDER_WORKDAYS", DEFAULT_REMINDER_WORKDAYS))


def districts() -> tuple[str, ...]:
    return tuple(getattr(settings, "INTERACTION_DISTRICTS", None) or DEFAULT_DISTRICTS)


def opinion_target_hours(level: str) -> int:
    configured = getattr(settings, "INTERACTION_OPINION_RESPONSE_HOURS", {}) or {}
    return int(configured.get(level, DEFAULT_OPINION_RESPONSE_HOURS.get(level, 24)))


def press_interval_months() -> int:
    return int(getattr(settings, "INTERACTION_PRESS_INTERVAL_MONTHS", DEFAULT_PRESS_INTERVAL_MONTHS))


def photo_max_bytes() -> int:
    return int(getattr(settings, "INTERACTION_PHOTO_MAX_MB", PHOTO_MAX_BYTES // 1024 // 1024)) * 1024 * 1024


def photo_max_count() -> int:
    return int(getattr(settings, "INTERACTION_PHOTO_MAX_COUNT", PHOTO_MAX_COUNT))


def weibo_limit() -> int:
    from gongkai.interaction.newmedia import DEFAULT_WEIBO_LIMIT

    return int(getattr(settings, "INTERACTION_WEIBO_LIMIT", DEFAULT_WEIBO_LIMIT))


def submit_limit() -> tuple[int, int]:
    """Accepted submissions per client address: (count, seconds), default 10 per hour."""
    return tuple(getattr(settings, "INTERACTION_SUBMIT_LIMIT", (10, 3600)))


def lookup_limit() -> tuple[int, int]:
    return tuple(getattr(settings, "INTERACTION_LOOKUP_LIMIT", (30, 600)))


def min_fill_seconds() -> float:
    return float(getattr(settings, "INTERACTION_MIN_FILL_SECONDS", 3))
