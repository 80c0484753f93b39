"""Running one import job in the worker. Whatever happens, the job ends ``done`` or ``failed`` with
its reason: a row error, an unreadable file, a bug in an importer (the reason names the exception)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.intake import registry, services, spreadsheet
from gongkai.intake.models import ImportJob

logger = logging.getLogger(__name__)

MAX_LISTED_ERRORS = 1000  # a file with more errors lists the first ones; the count is in the reason


class RowsRejected(DomainError):
    """Raised (by ``JobContext.apply`` or an importer) when rows have errors in an all-or-nothing job."""

    def __init__(self, count: int):
        super().__init__(_("数据未导入：%(count)d 处错误，请改正后重新提交整个文件。") % {"count": count})
        self.count = count


class JobContext:
    """What an importer's ``process(ctx)`` works with: the file, the uploader, progress and errors."""

    def __init__(self, job: ImportJob, importer: registry.Importer):
        self.job = job
        self.importer = importer
        self.actor = job.uploaded_by
        self.filename = job.filename
        self.content = bytes(job.content or b"")
        self.extra_content = bytes(job.extra_content) if job.extra_content else None
        self.params: dict[str, Any] = dict(job.params or {})
        self.errors: list[dict] = []
        self.result: dict[str, Any] = {}

    def table(self) -> spreadsheet.Table:
        """The uploaded file as a table (raises `spreadsheet.SheetError`); sets the row total."""
        limits = {"max_rows": self.importer.max_rows} if self.importer.max_rows else {}
        table = spreadsheet.read_table(self.filename, self.content, **limits)
        self.progress(0, total=len(table))
        return table

    def progress(self, done: int, total: int | None = None) -> None:
        """Record rows done (and the total when known); also the heartbeat the reaper watches."""
        fields = {"rows_done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["rows_total"] = total
        ImportJob.objects.filter(pk=self.job.pk).update(**fields)

    def error(self, line: int, field: str, message: str) -> None:
        self.errors.append({"line": line, "field": field, "message": str(message)})

    def apply(self, write: Callable[[], Any]) -> Any:
        """All-or-nothing: run ``write`` in one transaction only when no row had an error."""
        if self.errors:
            raise RowsRejected(len(self.errors))
        with transaction.atomic():
            return write()

    def apply_row(self, line: int, write: Callable[[], Any]) -> bool:
        """Per row: store one row in its own savepoint; a `DomainError` becomes that line's error."""
        try:
            with transaction.atomic():
                write()
        except DomainError as error:
            self.error(line, error.field or "", error.message)
            return False
        return True


def _finish(job_id: int, **fields) -> None:
    fields.setdefault("finished_at", timezone.now())
    fields["heartbeat_at"] = fields["finished_at"]
    fields["content"] = b""
    fields["extra_content"] = None
    ImportJob.objects.filter(pk=job_id).update(**fields)


def run_job(job_id: int) -> str | None:
    """Process a queued job; returns its final status (None when it was not queued)."""
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
    ):
        return None
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    importer = registry.get(job.importer)
    if importer is None:
        _finish(
            job_id,
            status=ImportJob.Status.FAILED,
            reason=_("未知的导入类型：%(key)s") % {"key": job.importer},
        )
        return ImportJob.Status.FAILED
    ctx = JobContext(job, importer)
    reason, summary = "", ""
    try:
        summary = importer.process(ctx) or ""
        if ctx.errors and importer.mode == registry.ALL_OR_NOTHING:
            raise RowsRejected(len(ctx.errors))
    except spreadsheet.SheetError as error:
        reason = services.sheet_message(error)
    except DomainError as error:
        reason = error.message
    except Exception as error:  # an importer's bug must not leave the job running
        logger.exception("import job %s (%s) failed", job_id, job.importer)
        reason = _("导入程序出错（%(kind)s：%(detail)s），未完成导入。") % {
            "kind": type(error).__name__,
            "detail": str(error)[:200],
        }
    status = ImportJob.Status.FAILED if reason else ImportJob.Status.DONE
    ctx.result["summary"] = str(summary)
    job_rows = ImportJob.objects.filter(pk=job_id).values_list("rows_done", "rows_total").first() or (0, 0)
    done, total = job_rows
    if status == ImportJob.Status.DONE and total:
        done = total
    _finish(
        job_id,
        status=status,
        reason=reason,
        errors=ctx.errors[:MAX_LISTED_ERRORS],
        result=ctx.result,
        rows_done=done,
    )
    return status
