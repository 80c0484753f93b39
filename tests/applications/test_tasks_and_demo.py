"""The daily reminders to handlers, the nightly recomputation, the CLI and the demo cases."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from gongkai.applications import cli, services, tasks
from gongkai.applications.models import Application, Status

from .conftest import FIXED_TODAY

pytestmark = pytest.mark.django_db


def test_handlers_get_one_reminder_with_their_overdue_due_soon_and_closing_cases(
    register, handler, make_staff, mailoutbox, django_capture_on_commit_callbacks
):
    other = make_staff("request_handler", username="other", email="other@example.gov.cn")
    overdue = register(received_on=date(2026, 9, 1), backdate_reason="补登")
    soon = register(received_on=date(2026, 9, 22), backdate_reason="补登")
    quiet = register()
    to_close = register(received_on=date(2026, 9, 28), backdate_reason="补登")
    services.request_supplement(
        actor=handler,
        application=to_close,
        issued_on=date(2026, 9, 29),
        deadline=date(2026, 10, 16),
        items="补正",
    )
    services.assign_handler(actor=handler, application=quiet, handler=other)

    with django_capture_on_commit_callbacks(execute=True):  # core.notify delivers after the commit
        assert tasks.send_reminders() == 1
    (mail,) = mailoutbox
    from gongkai.core.models import Notification

    assert Notification.objects.get(purpose="applications.reminder").status == "sent"
    assert mail.to == ["handler1@example.gov.cn"]
    assert f"【已逾期】{overdue.tracking_number}" in mail.body
    assert f"【即将到期】{soon.tracking_number}" in mail.body
    assert f"【待决定】{to_close.tracking_number}" in mail.body and "视为放弃申请" in mail.body
    assert quiet.tracking_number not in mail.body
    to_close.refresh_from_db()
    assert to_close.status == Status.AWAITING_SUPPLEMENT  # suggested, not applied


def test_no_reminder_on_a_rest_day(register, set_today, mailoutbox, django_capture_on_commit_callbacks):
    register(received_on=date(2026, 9, 1), backdate_reason="补登")
    set_today(date(2026, 10, 24))  # Saturday
    assert tasks.daily_reminders.call_local() == 0
    set_today(date(2026, 10, 26))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_reminders.call_local() == 1
    assert len(mailoutbox) == 1


def test_nightly_recompute_repairs_a_stale_cache(register):
    application = register()
    Application.objects.filter(pk=application.pk).update(due_on=date(2030, 1, 1), status=Status.AWAITING_FEE)
    assert tasks.nightly_recompute.call_local() == 1
    application.refresh_from_db()
    assert (application.status, application.due_on) == (Status.RUNNING, date(2026, 11, 17))


def test_cli_prints_table_three_and_checks_it(register, monkeypatch):
    register()
    monkeypatch.setattr(cli, "_setup", lambda: None)
    result = CliRunner().invoke(cli.applications, ["stats", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1" in result.output
    assert "勾稽关系校验通过" in result.output


def test_demo_cases_cover_the_states_and_load_once(set_today, make_staff):
    """Our loader alone (the platform's demo accounts it needs are made here; other apps' demo data would
    only slow the test down). `gongkai demo` runs it after the platform's loader."""
    from gongkai.applications.apps import ApplicationsConfig  # noqa: F401 - the loader is registered
    from gongkai.applications.demo import load_demo_cases
    from gongkai.audit.models import AuditRecord
    from gongkai.core.demo import _extra_loaders

    assert load_demo_cases in _extra_loaders
    for role, username in (("request_handler", "handler"), ("legal_reviewer", "legal"), ("leader", "leader")):
        make_staff(role, username=username)
    set_today(FIXED_TODAY)
    load_demo_cases()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses >= {
        "submitted",
        "running",
        "awaiting_supplement",
        "in_consultation",
        "awaiting_fee",
        "replied",
        "closed",
    }
    assert Application.objects.filter(status="running", due_on__lt=FIXED_TODAY).exists()  # an overdue case
    assert Application.objects.filter(reply__document_number__isnull=False).count() == 2
    count, records = Application.objects.count(), AuditRecord.objects.count()
    load_demo_cases()
    assert (Application.objects.count(), AuditRecord.objects.count()) == (count, records)
    _the_new_notices_are_in_a_case_archive()


def _the_new_notices_are_in_a_case_archive():
    """Issue 10: a fresh demo shows the numbered notices in a case archive, the archived case's 档号 and
    the disclosed material attached to a reply."""
    import io
    import json
    import zipfile

    from gongkai.applications import archive
    from gongkai.applications.models import Attachment, Notice

    numbered = Notice.objects.exclude(document_number="")
    assert set(numbered.values_list("kind", flat=True)) >= {
        "supplement",
        "consultation",
        "extension",
        "fee",
        "closure",
    }
    archived = Application.objects.exclude(archive_number="").get()
    assert archived.status == "closed" and "-WS·" in archived.archive_number
    with zipfile.ZipFile(io.BytesIO(archive.build_archive(archived, actor=None))) as bundle:
        names = bundle.namelist()
        assert any(name.startswith("告知书/") and name.endswith("补正申请告知书.pdf") for name in names)
        assert any(name.startswith("告知书/") and name.endswith("终止办理告知书.pdf") for name in names)
        assert json.loads(bundle.read("manifest.json"))["archive_number"] == archived.archive_number
    disclosed = Attachment.objects.get(kind=Attachment.Kind.DISCLOSED)
    assert disclosed.application.status == "replied"


# --- a calendar change recomputes the deadlines in the worker --------------------------------------


def _add_holiday_2026(day: date) -> None:
    """The administrator's change: 2026 as entered, plus one more day off."""
    from gongkai.workcalendar import services as calendar_services
    from gongkai.workcalendar.models import SpecialDay
    from gongkai.workcalendar.workdays import DayKind
    from gongkai.workcalendar.workdays import SpecialDay as Special

    days = [
        Special(row.day, DayKind(row.kind), row.name) for row in SpecialDay.objects.filter(year__year=2026)
    ]
    calendar_services.save_year(actor=None, year=2026, days=[*days, Special(day, DayKind.HOLIDAY, "停工")])


@pytest.fixture
def queued_huey():
    """Huey as in production: tasks wait in the queue (SQLite in the test data directory) for a worker."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


# Transactional: a queued task closes the connection around itself as `gongkai worker` does
# (djhuey's close_old_connections), which PostgreSQL cannot do inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_a_calendar_change_enqueues_the_recomputation_for_the_worker(
    register, queued_huey, django_capture_on_commit_callbacks
):
    application = register()
    assert application.due_on == date(2026, 11, 17)
    with django_capture_on_commit_callbacks(execute=True):
        _add_holiday_2026(date(2026, 11, 2))  # a Monday within the 20 working days
    application.refresh_from_db()
    assert application.due_on == date(2026, 11, 17)  # the staff request did not recompute
    # other apps queue their own recomputations (the interaction app's task has the same name)
    (task,) = [t for t in queued_huey.pending() if type(t).__module__ == "gongkai.applications.tasks"]
    assert task.args == ([2026],)
    while queued_huey.pending_count():  # what `gongkai worker` does (disclosure's task is queued too)
        queued_huey.execute(queued_huey.dequeue())
    application.refresh_from_db()
    assert application.due_on == date(2026, 11, 18)


def test_with_immediate_huey_the_change_is_recomputed_on_commit(register, django_capture_on_commit_callbacks):
    application = register()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _add_holiday_2026(date(2026, 11, 2))
    application.refresh_from_db()
    assert application.due_on == date(2026, 11, 17)  # nothing before the transaction commits
    for callback in callbacks:
        callback()
    application.refresh_from_db()
    assert application.due_on == date(2026, 11, 18)
    assert tasks.on_calendar_changed(sender=None, years={2026}).get() == 1
