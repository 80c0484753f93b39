"""State changes of the air app other than intake: data-submission tokens and daily-report publishing."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.air.derived import recompute_days
from gongkai.air.models import ApiToken, DailyReport, ImportJob, Station
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require

TOKEN_PREFIX_LENGTH = 8


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for a monitoring system; the plain token is returned once and never stored."""
    require(actor, "air.add_apitoken")
    name = name.strip()
    if not name:
        raise DomainError(_("请填写令牌名称（使用该令牌的系统）。"), field="name")
    plain = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name, prefix=plain[:TOKEN_PREFIX_LENGTH], digest=token_digest(plain), created_by=actor
    )
    audit.record(actor=actor, action="air.token_create", target=token, after={"name": name})
    return token, plain


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    require(actor, "air.add_apitoken")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="air.token_revoke", target=token)
    return token


def token_for(plain: str) -> ApiToken | None:
    """The active token matching ``plain``, with its last use noted; None when unknown or revoked."""
    token = ApiToken.objects.filter(digest=token_digest(plain), revoked_at__isnull=True).first()
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def is_revoked(plain: str) -> bool:
    return ApiToken.objects.filter(digest=token_digest(plain), revoked_at__isnull=False).exists()


@transaction.atomic
def publish_daily_report(*, day: date) -> DailyReport:
    """日报 of ``day``: recompute the day from the hourly data as received so far (late data included)
    and publish it; a report already published keeps its first publication time and records the update."""
    stations = list(Station.objects.filter(active_from__lte=day).values_list("pk", flat=True))
    recompute_days(stations, [day])
    now = timezone.now()
    report, created = DailyReport.objects.get_or_create(
        date=day, defaults={"published_at": now, "updated_at": now}
    )
    if not created:
        report.published_at = report.published_at or now
        report.updated_at = now
        report.save(update_fields=["published_at", "updated_at"])
    if created:
        audit.record(actor=None, action="air.daily_publish", target=report, after={"date": day.isoformat()})
    return report


def publish_previous_day(*, now=None) -> DailyReport:
    return publish_daily_report(day=timezone.localtime(now).date() - timedelta(days=1))


def start_import(*, actor, filename: str, content: bytes) -> ImportJob:
    require(actor, "air.add_hourlyobservation")
    if not filename.lower().endswith((".csv", ".xlsx")):
        raise DomainError(_("只接受 CSV 或 XLSX 文件。"), field="file")
    job = ImportJob.objects.create(uploaded_by=actor, filename=filename[:200], content=content)
    from gongkai.air.tasks import run_import

    transaction.on_commit(lambda: run_import(job.pk))
    return job
