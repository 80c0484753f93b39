"""The daily scan (日扫描) and what follows from it: the findings, the scan's score, the month's score
(月考核). Run by the worker every night (tasks.py), by `gongkai sitecheck scan`, or from the console."""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.core import sitechecks, sitemaps
from gongkai.core.errors import require
from gongkai.core.models import Organisation
from gongkai.privacy import scanner
from gongkai.privacy.extract import ExtractionError, scan_file
from gongkai.sitecheck import crawl, rules
from gongkai.sitecheck.models import Expression, Finding, MonthlyScore, Scan

logger = logging.getLogger(__name__)
MAX_FINDINGS_PER_KIND = 2000  # a broken template would otherwise repeat one link on every page


def option(name: str, default):
    return getattr(settings, name, default)


def stale_days() -> dict[str, int]:
    return {**rules.DEFAULT_STALE_DAYS, **option("SITECHECK_STALE_DAYS", {})}


def scoring_table() -> dict[str, tuple[str, str]]:
    return {**rules.DEFAULT_SCORING, **option("SITECHECK_SCORING", {})}


def veto_thresholds() -> dict[str, int]:
    return {**rules.DEFAULT_VETO, **option("SITECHECK_VETO", {})}


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _organisation_contacts() -> set[str]:
    """The bureau's own published contact details: not personal data."""
    organisation = Organisation.current()
    values = set()
    for name in ("phone", "fax", "email", "disclosure_phone", "disclosure_email"):
        for part in re.split(r"[，,；;、/\s]+", getattr(organisation, name, "") or ""):
            if part:
                values.add(part.lower())
                if _digits(part):
                    values.add(_digits(part))
    return values


class _Collector:
    def __init__(self) -> None:
        self.findings: list[sitechecks.Finding] = []
        self.counts: Counter = Counter()

    def add(self, finding: sitechecks.Finding) -> None:
        self.counts[finding.kind] += 1
        if self.counts[finding.kind] <= MAX_FINDINGS_PER_KIND:
            self.findings.append(finding)


def _scan_pages(collector: _Collector, today: date, *, max_pages: int | None) -> tuple[int, dict[str, str]]:
    info_pages = set()
    start = ["/"]
    for sitemap_class in sitemaps.SECTIONS.values():
        section = sitemap_class()
        dated = hasattr(sitemap_class, "lastmod")
        for item in section.items():
            location = section.location(item)
            start.append(location)
            if dated:
                info_pages.add(location)
    start = list(dict.fromkeys(start))
    contacts = _organisation_contacts()
    expressions = [
        rules.Expression(text, suggestion, veto)
        for text, suggestion, veto in Expression.objects.filter(is_active=True).values_list(
            "text", "suggestion", "veto"
        )
    ]
    external: dict[str, str] = {}
    pages = 0
    for visit in crawl.crawl(start, max_pages=max_pages):
        pages += 1
        if visit.path == "/" and visit.status != 200:
            collector.add(
                sitechecks.Finding(
                    rules.UNREACHABLE,
                    sitechecks.VETO,
                    f"网站首页无法访问（状态码{visit.status}）",
                    "立即检查网站服务和首页程序，恢复访问",
                    url="/",
                )
            )
        elif visit.status >= 400:
            home = visit.referrer == "/"
            collector.add(
                sitechecks.Finding(
                    rules.BROKEN_HOME if home else rules.BROKEN,
                    sitechecks.DEDUCT,
                    f"链接不可用（状态码{visit.status}）：{visit.path}",
                    f"修正或删除页面 {visit.referrer or '（网站地图）'} 中指向该地址的链接",
                    url=visit.referrer or visit.path,
                    detail=visit.path,
                )
            )
        for link in visit.links:
            external.setdefault(link, visit.path)
        if visit.text:
            _scan_text(collector, visit.path, visit.text, contacts, expressions)
            if visit.path in info_pages and not rules.has_publication_date(visit.text, visit.meta_date):
                collector.add(
                    sitechecks.Finding(
                        rules.NO_DATE,
                        sitechecks.DEDUCT,
                        f"信息页面缺少发布时间：{visit.path}",
                        "在页面上标明信息的发布时间",
                        url=visit.path,
                    )
                )
        if visit.data:
            _scan_attachment(collector, visit.path, visit.referrer, visit.data, contacts)
    return pages, external


def _scan_text(collector, path, text, contacts, expressions) -> None:
    hits = [
        hit
        for hit in scanner.scan_text(text)
        if hit.value.lower() not in contacts and _digits(hit.value) not in contacts
    ]
    if hits:
        kinds = "、".join(sorted({f"{hit.label}（{hit.masked}）" for hit in hits}))
        collector.add(
            sitechecks.Finding(
                rules.PERSONAL,
                sitechecks.DEDUCT,
                f"公开页面含个人信息：{path}",
                "对页面中的个人信息作脱敏处理后重新发布，或撤回该信息",
                url=path,
                detail=kinds,
            )
        )
    for expression, count, context in rules.find_expressions(text, expressions):
        suggestion = f"，应为“{expression.suggestion}”" if expression.suggestion else ""
        collector.add(
            sitechecks.Finding(
                rules.EXPRESSION,
                sitechecks.VETO if expression.veto else sitechecks.DEDUCT,
                f"页面出现“{expression.text}”{count}处{suggestion}：{path}",
                f"更正页面中的“{expression.text}”"
                + (f"为“{expression.suggestion}”" if expression.suggestion else ""),
                url=path,
                detail=context,
            )
        )


def _scan_attachment(collector, path, referrer, data, contacts) -> None:
    try:
        hits = scan_file(data)
    except ExtractionError:
        return
    hits = [h for h in hits if h.hit.value.lower() not in contacts and _digits(h.hit.value) not in contacts]
    if hits:
        where = "、".join(sorted({f"{h.location} {h.hit.label}（{h.masked}）" for h in hits})[:10])
        collector.add(
            sitechecks.Finding(
                rules.PERSONAL,
                sitechecks.DEDUCT,
                f"公开附件含个人信息：{path}",
                "替换为脱敏后的附件并重新发布，或撤回该附件",
                url=referrer or path,
                detail=where,
            )
        )


def _local_day(moment: datetime | date | None) -> date | None:
    """The Beijing (local) date of an aware moment; a date or None as it is."""
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def _scan_columns(collector: _Collector, today: date) -> None:
    limits = stale_days()
    words = option("SITECHECK_KIND_WORDS", rules.DEFAULT_KIND_WORDS)
    verdicts = []
    newest = None
    for source in sitechecks.column_sources():
        for column in source.columns():
            kind = column.kind or rules.classify(column.name, words)
            # Days are counted in Beijing dates, as ``today`` is: the UTC date of a moment between
            # 00:00 and 08:00 Beijing time is the day before.
            over = rules.days_stale(_local_day(column.last_published), kind, today, limits)
            blank = column.last_published is None
            if column.last_published and (newest is None or column.last_published > newest):
                newest = column.last_published
            verdicts.append(rules.ColumnVerdict(column.name, kind, blank, over))
            if blank:
                collector.add(
                    sitechecks.Finding(
                        rules.BLANK,
                        sitechecks.DEDUCT,
                        f"空白栏目：{column.name}",
                        "发布该栏目的信息，或经批准后撤销该栏目",
                        url=column.path,
                        department=column.department,
                    )
                )
            elif over:
                last = _local_day(column.last_published)
                collector.add(
                    sitechecks.Finding(
                        rules.STALE,
                        sitechecks.DEDUCT,
                        f"{kind}类栏目超期未更新：{column.name}",
                        f"及时更新该栏目（{kind}类栏目应在{limits[kind]}天内更新）",
                        url=column.path,
                        department=column.department,
                        detail=f"最近更新{last:%Y-%m-%d}，已超期{over}天",
                    )
                )
    if not verdicts:
        return
    for kind, message, names in rules.column_vetoes(verdicts, _local_day(newest), today, veto_thresholds()):
        fix = "更新以下栏目：" + "、".join(names[:30]) if names else "在首页及各栏目及时发布新信息"
        collector.add(sitechecks.Finding(kind, sitechecks.VETO, message, fix))


def _contributed(collector: _Collector, today: date) -> None:
    for check in sitechecks.checks():
        try:
            found = check.run(today)
        except Exception as error:
            logger.exception("site check %s failed", check.key)
            found = [
                sitechecks.Finding(
                    "check_failed",
                    sitechecks.NOTICE,
                    f"检查项“{check.label}”运行出错",
                    "请联系系统管理员",
                    detail=str(error)[:500],
                )
            ]
        for finding in found:
            collector.add(finding)


def run_scan(*, actor=None, today: date | None = None, max_pages: int | None = None, fetch=None) -> Scan:
    """One full scan. `actor` None: the nightly task; a user needs sitecheck.run_scan."""
    if actor is not None:
        require(actor, "sitecheck.run_scan")
    today = today or timezone.localdate()
    scan = Scan.objects.create(started_at=timezone.now(), started_by=actor)
    collector = _Collector()
    try:
        pages, external = _scan_pages(collector, today, max_pages=max_pages)
        checked = 0
        if option("SITECHECK_EXTERNAL_LINKS", False) and external:
            kwargs = {"fetch": fetch} if fetch else {}
            checked = min(len(external), int(option("SITECHECK_EXTERNAL_MAX", 500)))
            for url, status, referrer in crawl.check_external(external, **kwargs):
                collector.add(
                    sitechecks.Finding(
                        rules.EXTERNAL,
                        sitechecks.DEDUCT,
                        f"外部链接不可用（{'无法连接' if not status else f'状态码{status}'}）：{url}",
                        f"修正或删除页面 {referrer} 中的该外部链接",
                        url=referrer,
                        detail=url,
                    )
                )
        _scan_columns(collector, today)
        _contributed(collector, today)
    except Exception as error:
        logger.exception("site self-inspection failed")
        scan.state, scan.error, scan.finished_at = Scan.State.FAILED, str(error)[:2000], timezone.now()
        scan.save()
        raise
    return _finish(scan, collector, pages, checked, actor, today)


@transaction.atomic
def _finish(scan: Scan, collector: _Collector, pages: int, checked: int, actor, today: date) -> Scan:
    Finding.objects.bulk_create(
        [
            Finding(
                scan=scan,
                kind=f.kind,
                severity=f.severity,
                title=f.title[:300],
                url=f.url[:500],
                department=f.department[:100],
                detail=f.detail,
                fix=f.fix,
            )
            for f in collector.findings
        ],
        batch_size=500,
    )
    veto = any(f.severity == sitechecks.VETO for f in collector.findings)
    deductions = Counter(f.kind for f in collector.findings if f.severity == sitechecks.DEDUCT)
    for kind, total in collector.counts.items():  # beyond the stored cap the count still scores
        if total > MAX_FINDINGS_PER_KIND and kind in deductions:
            deductions[kind] = total
    result = rules.score(deductions, veto=veto, table=scoring_table())
    scan.state, scan.finished_at = Scan.State.DONE, timezone.now()
    scan.pages, scan.external_links = pages, checked
    scan.veto, scan.score, scan.verdict = veto, result.score, result.verdict
    scan.counts, scan.breakdown = dict(collector.counts), result.breakdown
    scan.save()
    MonthlyScore.objects.update_or_create(
        month=today.replace(day=1),
        defaults={
            "scan": scan,
            "score": result.score,
            "veto": veto,
            "verdict": result.verdict,
            "breakdown": result.breakdown,
        },
    )
    audit.record(
        actor=actor,
        action="sitecheck.scan",
        target=scan,
        after={"pages": pages, "veto": veto, "score": str(result.score), "counts": dict(collector.counts)},
    )
    return scan
