"""State changes of data intake: API tokens (create, revoke, authenticate) and import jobs (start,
reap the stale ones). Tokens are managed by the role that owns the data: whoever may upload to an
importer may manage its tokens; administrators may manage every importer's tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.core.middleware import client_ip, current_request
from gongkai.intake import registry, spreadsheet
from gongkai.intake.models import ApiToken, ImportJob

TOKEN_PREFIX_LENGTH = 8
MANAGE_ALL = "intake.change_apitoken"  # administrators: the tokens of every importer
VIEW_TOKENS = "intake.view_apitoken"  # the token page; each role sees the importers it owns


def sheet_message(error: spreadsheet.SheetError) -> str:
    """The reader's refusal in the visitor's language."""
    return _(error.template) % error.params if error.params else _(error.template)


def stale_minutes() -> int:
    """A running job whose heartbeat is older than this is taken as abandoned by a stopped worker."""
    return int(getattr(settings, "INTAKE_STALE_MINUTES", 30))


# --- tokens -----------------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_manage_tokens(user, importer: registry.Importer) -> bool:
    if not importer.api or not user.has_perm(VIEW_TOKENS):
        return False
    return user.has_perm(MANAGE_ALL) or user.has_perm(importer.permission)


def token_scopes_for(user) -> list[registry.Importer]:
    return [importer for importer in registry.token_scopes() if can_manage_tokens(user, importer)]


def _scope(actor, key: str) -> registry.Importer:
    importer = registry.get(key)
    if importer is None or not importer.api:
        raise DomainError(_("请选择令牌用途。"), field="importer")
    if not can_manage_tokens(actor, importer):
        raise PermissionDenied
    return importer


@transaction.atomic
def create_token(
    *, actor, name: str, importer: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token of one data source for one importer; the plain token is returned once, never stored."""
    scope = _scope(actor, importer)
    name = name.strip()
    if not name:
        raise DomainError(_("请填写令牌名称（使用该令牌的系统）。"), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("有效期须晚于现在。"), field="expires_at")
    plain = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        importer=scope.key,
        prefix=plain[:TOKEN_PREFIX_LENGTH],
        digest=token_digest(plain),
        owner=actor,
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="intake.token_create",
        target=token,
        after={
            "name": name,
            "importer": scope.key,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, plain


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    _scope(actor, token.importer)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor, action="intake.token_revoke", target=token, after={"importer": token.importer}
        )
    return token


class TokenRefused(Exception):
    """A known token that may not be used (revoked, expired, other scope); ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def use_token(plain: str, *, importer: str, ip: str | None = None) -> ApiToken | None:
    """The token matching ``plain`` for ``importer``, its use noted; None when unknown;
    `TokenRefused` when revoked, expired or scoped to another importer."""
    token = ApiToken.objects.filter(digest=token_digest(plain)).first()
    if token is None:
        return None
    if token.revoked_at is not None:
        raise TokenRefused(_("该令牌已停用。"))
    if token.is_expired():
        raise TokenRefused(_("该令牌已过期。"))
    if token.importer != importer:
        raise TokenRefused(_("该令牌不能用于此接口。"))
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now(), last_used_ip=ip)
    return token


# --- jobs -------------------------------------------------------------------------------------


def start_job(
    *,
    actor,
    importer: str,
    filename: str,
    content: bytes,
    extra_content: bytes | None = None,
    params: dict | None = None,
) -> ImportJob:
    """Queue an upload for the worker (after the surrounding transaction commits); `params` (JSON)
    carries the upload form's other fields to the importer as `ctx.params`."""
    found = registry.get(importer)
    if found is None:
        raise DomainError(_("未知的导入类型。"), field="file")
    if not actor.has_perm(found.permission):
        raise PermissionDenied
    try:
        spreadsheet.kind_of(filename)
    except spreadsheet.SheetError as error:
        raise DomainError(sheet_message(error), field="file") from None
    with transaction.atomic():
        job = ImportJob.objects.create(
            importer=found.key,
            uploaded_by=actor,
            uploaded_ip=client_ip(current_request.get()),
            filename=filename[:200],
            content=content,
            extra_content=extra_content,
            params=params or {},
        )
        audit.record(
            actor=actor,
            action="intake.job_start",
            target=job,
            after={"importer": found.key, "filename": job.filename, "bytes": len(content)},
        )
    from gongkai.intake.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job(job.pk))
    return job


def reap_stale_jobs(*, now=None) -> list[int]:
    """Running jobs whose heartbeat stopped (the worker was killed or restarted) end as failed."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=stale_minutes())
    stale = list(
        ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    if stale:
        ImportJob.objects.filter(pk__in=stale, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED,
            reason=_("后台任务已停止（超过 %(minutes)d 分钟无进展），请重新上传。")
            % {"minutes": stale_minutes()},
            finished_at=now,
            content=b"",
            extra_content=None,
        )
    return stale
