"""Import jobs: modes, progress, Excel line numbers, every failure ends "failed" with its reason,
and the reaper of jobs a stopped worker left running."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.intake import queries, registry, runner, services
from gongkai.intake.models import ImportJob

pytestmark = pytest.mark.django_db

CSV = "名称,数量\r\n甲,1\r\n乙,x\r\n丙,3\r\n".encode("gbk")
STORED: list[str] = []


def _check(row) -> None:
    if not str(row.get("数量") or "").isdigit():
        raise DomainError("数量不是整数。", field="数量")


def process_per_row(ctx) -> str:
    table = ctx.table()
    for done, row in enumerate(table.rows, start=1):

        def write(row=row):
            _check(row)
            Group.objects.create(name=f"t-{row.values['名称']}")

        ctx.apply_row(row.line, write)
        ctx.progress(done)
    return f"stored {Group.objects.filter(name__startswith='t-').count()}"


def process_all_or_nothing(ctx) -> str:
    table = ctx.table()
    for row in table.rows:
        try:
            _check(row)
        except DomainError as error:
            ctx.error(row.line, error.field, error.message)
    ctx.apply(lambda: [Group.objects.create(name=f"t-{row.values['名称']}") for row in table.rows])
    return "all stored"


def process_crash(ctx) -> str:
    ctx.table()
    raise OverflowError("date value out of range")


@pytest.fixture
def uploader(make_staff):
    return make_staff("administrator")  # holds core.change_page, the permission of the test importers


def importer(key, process, mode):
    return registry.Importer(key, key, "core.change_page", process, mode=mode)


def start(actor, key, content=CSV, filename="t.csv"):
    return services.start_job(actor=actor, importer=key, filename=filename, content=content)


def test_per_row_stores_the_clean_rows_and_lists_the_others_by_excel_line(register, uploader, run_jobs):
    register(importer("test.per_row", process_per_row, registry.PER_ROW))
    with run_jobs():
        job = start(uploader, "test.per_row")
    job.refresh_from_db()
    assert (job.status, job.result["summary"]) == ("done", "stored 2")
    assert job.errors == [{"line": 3, "field": "数量", "message": "数量不是整数。"}]  # 乙 is line 3
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert job.content == b"" and job.finished_at is not None


def test_all_or_nothing_stores_nothing_when_a_row_is_wrong(register, uploader, run_jobs):
    register(importer("test.all", process_all_or_nothing, registry.ALL_OR_NOTHING))
    with run_jobs():
        job = start(uploader, "test.all")
    job.refresh_from_db()
    assert job.status == "failed" and "1 处错误" in job.reason
    assert job.errors == [{"line": 3, "field": "数量", "message": "数量不是整数。"}]
    assert not Group.objects.filter(name__startswith="t-").exists()
    with run_jobs():
        good = start(uploader, "test.all", content="名称,数量\n甲,1\n".encode())
    good.refresh_from_db()
    assert (good.status, good.result["summary"]) == ("done", "all stored")
    assert Group.objects.filter(name="t-甲").exists()


def test_a_mode_that_stores_with_errors_is_still_failed_when_all_or_nothing(register, uploader, run_jobs):
    """An all-or-nothing importer that reports errors but returns normally does not end "done"."""

    def sloppy(ctx):
        ctx.error(2, "x", "bad")
        return "pretended"

    register(importer("test.sloppy", sloppy, registry.ALL_OR_NOTHING))
    with run_jobs():
        job = start(uploader, "test.sloppy")
    job.refresh_from_db()
    assert job.status == "failed"


def test_any_exception_ends_the_job_failed_with_its_reason(register, uploader, run_jobs):
    register(importer("test.crash", process_crash, registry.ALL_OR_NOTHING))
    with run_jobs():
        job = start(uploader, "test.crash")
    job.refresh_from_db()
    assert job.status == "failed"
    assert "OverflowError" in job.reason and "date value out of range" in job.reason
    assert queries.failed_jobs(importer="test.crash").get() == job


def test_an_unreadable_file_fails_with_the_readers_message(register, uploader, run_jobs):
    register(importer("test.all", process_all_or_nothing, registry.ALL_OR_NOTHING))
    with run_jobs():
        job = start(uploader, "test.all", content=b"not a workbook", filename="a.xlsx")
    job.refresh_from_db()
    assert (job.status, job.reason) == ("failed", "无法读取该文件：请上传 Excel（.xlsx）文件。")


def test_starting_needs_the_importers_permission_and_a_table_file(register, make_staff, uploader):
    register(importer("test.all", process_all_or_nothing, registry.ALL_OR_NOTHING))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start(make_staff("reviewer"), "test.all")
    with pytest.raises(DomainError, match="只接受 CSV 或 XLSX 文件"):
        start(uploader, "test.all", filename="a.pdf")
    job = start(uploader, "test.all")
    assert AuditRecord.objects.filter(action="intake.job_start", target_id=str(job.pk)).exists()


def test_a_job_runs_once(register, uploader, run_jobs):
    register(importer("test.per_row", process_per_row, registry.PER_ROW))
    with run_jobs():
        job = start(uploader, "test.per_row")
    assert runner.run_job(job.pk) is None  # already done: not run again
    assert Group.objects.filter(name__startswith="t-").count() == 2


def test_the_reaper_fails_running_jobs_whose_worker_stopped(uploader, settings):
    settings.INTAKE_STALE_MINUTES = 30
    now = timezone.now()
    stale = ImportJob.objects.create(
        importer="x",
        uploaded_by=uploader,
        filename="a.csv",
        status="running",
        heartbeat_at=now - timedelta(minutes=31),
    )
    alive = ImportJob.objects.create(
        importer="x",
        uploaded_by=uploader,
        filename="b.csv",
        status="running",
        heartbeat_at=now - timedelta(minutes=29),
    )
    queued = ImportJob.objects.create(
        importer="x",
        uploaded_by=uploader,
        filename="c.csv",
        status="queued",
        heartbeat_at=now - timedelta(hours=5),
    )
    from gongkai.intake.tasks import reap_stale_import_jobs

    assert reap_stale_import_jobs.call_local() == [stale.pk]
    stale.refresh_from_db(), alive.refresh_from_db(), queued.refresh_from_db()
    assert stale.status == "failed" and "后台任务已停止" in stale.reason and stale.finished_at
    assert (alive.status, queued.status) == ("running", "queued")
    assert list(queries.failed_jobs(since=now - timedelta(minutes=1))) == [stale]


def test_progress_is_also_the_heartbeat(register, uploader):
    register(importer("test.per_row", process_per_row, registry.PER_ROW))
    job = ImportJob.objects.create(
        importer="test.per_row",
        uploaded_by=uploader,
        filename="a.csv",
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    runner.JobContext(job, registry.get("test.per_row")).progress(5, total=10)
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total) == (5, 10)
    assert timezone.now() - job.heartbeat_at < timedelta(minutes=1)


def test_the_readers_refusals_are_translated(register, uploader):
    from django.utils import translation

    register(importer("test.all", process_all_or_nothing, registry.ALL_OR_NOTHING))
    with translation.override("en"), pytest.raises(DomainError, match="Only CSV or XLSX files are accepted"):
        start(uploader, "test.all", filename="a.pdf")
