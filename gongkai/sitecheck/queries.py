"""Reading the scans: the latest, the 周通报 of a week per department, the 月考核 history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongkai.sitecheck import rules
from gongkai.sitecheck.models import Finding, MonthlyScore, Scan

UNASSIGNED = "网站管理（未指定科室）"


def latest_scan() -> Scan | None:
    return Scan.objects.filter(state=Scan.State.DONE).first()


def kind_label(kind: str) -> str:
    return rules.KIND_LABELS.get(kind, kind)


def grouped(scan: Scan) -> dict[str, list[Finding]]:
    """The scan's findings by severity, vetoes first."""
    out: dict[str, list[Finding]] = {"veto": [], "deduct": [], "notice": []}
    for finding in scan.findings.all():
        out.setdefault(finding.severity, []).append(finding)
    return out


def week_scan(day: date) -> Scan | None:
    """The last finished scan of `day`'s week (Monday to Sunday)."""
    monday, sunday = rules.week_of(day)
    zone = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, zone)
    end = datetime.combine(sunday + timedelta(days=1), time.min, zone)
    return Scan.objects.filter(state=Scan.State.DONE, started_at__gte=start, started_at__lt=end).first()


def bulletin(scan: Scan) -> list[dict]:
    """周通报: per department, its findings by kind (vetoes first), departments with a veto first."""
    departments: dict[str, dict] = defaultdict(
        lambda: {"veto": 0, "deduct": 0, "notice": 0, "kinds": defaultdict(int), "items": []}
    )
    for finding in scan.findings.all():
        entry = departments[finding.department or UNASSIGNED]
        entry[finding.severity] += 1
        entry["kinds"][kind_label(finding.kind)] += 1
        entry["items"].append(finding)
    rows = [
        {
            "department": name,
            **{k: v for k, v in entry.items() if k != "kinds"},
            "kinds": sorted(entry["kinds"].items()),
        }
        for name, entry in departments.items()
    ]
    return sorted(rows, key=lambda row: (-row["veto"], -row["deduct"], row["department"]))


def bulletin_rows(scan: Scan) -> list[list]:
    return [
        [
            row["department"],
            finding.get_severity_display(),
            kind_label(finding.kind),
            finding.title,
            finding.url,
            finding.fix,
        ]
        for row in bulletin(scan)
        for finding in row["items"]
    ]


def months(limit: int = 24) -> list[MonthlyScore]:
    return list(MonthlyScore.objects.all()[:limit])


def trend_points(scores: list[MonthlyScore], width: int = 600, height: int = 160) -> str:
    """The SVG polyline points of the monthly scores, oldest first (0–100 on the vertical axis)."""
    ordered = list(reversed(scores))
    if not ordered:
        return ""
    step = width / max(len(ordered) - 1, 1)
    return " ".join(
        f"{index * step:.1f},{height - float(score.score) * height / 100:.1f}"
        for index, score in enumerate(ordered)
    )
