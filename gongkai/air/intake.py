"""Hourly data intake (小时数据接收): the one validation path of every channel (file upload, JSON API).

A batch is all-or-nothing: every row is checked first and any error rejects the whole batch with a
row-by-row report; a clean batch is upserted on (station, hour) — a resubmitted hour replaces the
earlier values — and everything derived from the touched days is recomputed in the same transaction."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.air import corrections
from gongkai.air.derived import recompute_days
from gongkai.air.models import POLLUTANTS, Channel, Flag, HourlyObservation, Station
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError

COLUMNS = ("station", "time", *POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS))
MAX_CONCENTRATION = {"co": 1000.0}  # mg/m³; the others in µg/m³ below
MAX_CONCENTRATION_DEFAULT = 100_000.0
BATCH = 5000
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based position in an API batch; the Excel line (header = line 1) in an uploaded file
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class IntakeResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }


class BatchRejected(DomainError):
    def __init__(self, errors: list[RowError]):
        super().__init__(
            _("数据未导入：%(count)d 处错误，请修改后重新提交整批数据。") % {"count": len(errors)}
        )
        self.errors = errors


def _parse_time(raw, zone) -> datetime | None:
    """The moment in local time ``zone``; a time without a zone is local time."""
    if isinstance(raw, datetime):
        moment = raw
    else:
        try:
            moment = datetime.fromisoformat(str(raw).strip())
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)  # zoneinfo: correct for the zone's offset at that moment
    try:
        return moment.astimezone(zone)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        return None


def _parse_value(raw) -> tuple[float | None, bool]:
    """(value, ok); an empty cell or null is a missing value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, True
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None, False
    return (value, True) if math.isfinite(value) else (None, False)


def validate_rows(
    rows: Iterable[Mapping],
    stations: Mapping[str, Station],
    progress: Callable[[int], None] | None = None,
    numbers: Sequence[int] | None = None,
    *,
    now: datetime | None = None,
) -> tuple[list[dict], list[RowError]]:
    """Check every row; return the clean rows (model field values) and the errors. Errors name the
    row by ``numbers[i]`` (a file's Excel line numbers) or else by its 1-based position. An hour is
    accepted only once it has ended (``hour`` + 1 h ≤ ``now``, default the current time)."""
    clean, errors, seen = [], [], {}
    flags = set(Flag.values)
    valid, missing = str(Flag.VALID), str(Flag.MISSING)
    zone = timezone.get_current_timezone()
    now = timezone.localtime(now)
    flag_names = [
        (name, f"{name}_flag", MAX_CONCENTRATION.get(name, MAX_CONCENTRATION_DEFAULT)) for name in POLLUTANTS
    ]
    for position, row in enumerate(rows, start=1):
        if progress is not None and position % BATCH == 0:
            progress(position)
        number = numbers[position - 1] if numbers is not None else position
        before = len(errors)
        code = str(row.get("station") or "").strip()
        station = stations.get(code)
        if station is None:
            errors.append(RowError(number, "station", _("站点编码“%(code)s”不存在。") % {"code": code}))
        hour = _parse_time(row.get("time"), zone)
        if hour is None:
            errors.append(RowError(number, "time", _("时间格式应为 YYYY-MM-DD HH:00。")))
        else:
            if hour.minute or hour.second or hour.microsecond:
                errors.append(RowError(number, "time", _("时间必须是整点（小时开始时刻）。")))
            elif hour + HOUR > now:
                # an hour is complete only at its end: 10:00 is 10:00–11:00, accepted from 11:00
                errors.append(
                    RowError(
                        number,
                        "time",
                        _("该小时（%(start)s 起）尚未结束，结束后才能报送。")
                        % {"start": hour.strftime("%Y-%m-%d %H:00")},
                    )
                )
            elif station is not None and not station.active_on(hour.date()):
                errors.append(RowError(number, "time", _("该时间不在站点的运行期内。")))
        values = {}
        for name, flag_name, limit in flag_names:
            value, ok = _parse_value(row.get(name))
            if not ok:
                errors.append(RowError(number, name, _("浓度不是数字。")))
            elif value is not None and not 0 <= value <= limit:
                errors.append(
                    RowError(number, name, _("浓度超出合理范围（0–%(limit)g）。") % {"limit": limit})
                )
            flag = str(row.get(flag_name) or "").strip() or (valid if value is not None else missing)
            if flag not in flags:
                errors.append(RowError(number, flag_name, _("数据标记“%(flag)s”无效。") % {"flag": flag}))
            elif flag == valid and value is None and ok:
                errors.append(RowError(number, flag_name, _("标记为有效的数据不能为空。")))
            values[name] = value
            values[flag_name] = flag
        if len(errors) == before:
            key = (station.pk, hour)
            if key in seen:
                errors.append(
                    RowError(number, "time", _("与第 %(row)d 行的站点和时间重复。") % {"row": seen[key]})
                )
                continue
            seen[key] = number
            clean.append({"station_id": station.pk, "hour": hour, **values})
    return clean, errors


INSERT_COLUMNS = (
    "station_id",
    "hour",
    *POLLUTANTS,
    *(f"{name}_flag" for name in POLLUTANTS),
    "channel",
    "received_at",
)


def _db_datetime(moment: datetime):
    """What Django's backend would bind for an aware datetime (SQLite: naive UTC text), without the
    per-value settings lookups of `get_db_prep_value`."""
    if connection.vendor == "sqlite":
        return str(moment.astimezone(UTC).replace(tzinfo=None))
    return moment


def insert_observations(rows: list[dict], *, channel: str, received_at: datetime) -> None:
    """Insert new station-hours with one multi-row statement per batch. The ORM's bulk_create spends
    most of its time preparing each value; here only the two datetimes need the backend's conversion."""
    if not rows:
        return
    names = INSERT_COLUMNS[2:-2]
    params = [
        (
            row["station_id"],
            _db_datetime(row["hour"]),
            *(row[n] for n in names),
            channel,
            _db_datetime(received_at),
        )
        for row in rows
    ]
    table = connection.ops.quote_name(HourlyObservation._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in INSERT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)  # noqa: S608


def _compare_fields() -> tuple[str, ...]:
    return (*POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS))


def ingest(
    *,
    rows: Iterable[Mapping],
    channel: str,
    actor=None,
    label: str = "",
    progress: Callable[[int], None] | None = None,
) -> IntakeResult:
    """Validate and store a batch of hourly rows; raises `BatchRejected` (nothing stored) on any error.
    ``progress(rows_checked)`` is called during validation, outside the write transaction, so that a
    status page can show it while the file is checked."""
    stations = {station.code: station for station in Station.objects.all()}
    clean, errors = validate_rows(rows, stations, progress)
    if errors:
        raise BatchRejected(errors)
    return store(clean=clean, channel=channel, actor=actor, label=label)


@transaction.atomic
def store(*, clean: list[dict], channel: str, actor=None, label: str = "", reason: str = "") -> IntakeResult:
    """Upsert validated rows on (station, hour) and recompute the touched days, in one transaction. A
    touched day whose report is published gets a pending correction naming this import (and ``reason``,
    the uploader's note)."""
    result = IntakeResult()
    now = timezone.now()
    fields = _compare_fields()
    touched: set[tuple[int, object]] = set()
    for start in range(0, len(clean), BATCH):
        chunk = clean[start : start + BATCH]
        hours = [row["hour"] for row in chunk]
        existing = {
            (obs.station_id, obs.hour): obs
            for obs in HourlyObservation.objects.filter(
                station_id__in={row["station_id"] for row in chunk},
                hour__gte=min(hours),
                hour__lte=max(hours),
            )
        }
        to_create, to_update = [], []
        for row in chunk:
            old = existing.get((row["station_id"], row["hour"]))
            if old is None:
                to_create.append(row)
            elif any(getattr(old, name) != row[name] for name in fields):
                for name in fields:
                    setattr(old, name, row[name])
                old.channel, old.received_at = channel, now
                to_update.append(old)
            else:
                result.unchanged += 1
                continue
            touched.add((row["station_id"], timezone.localtime(row["hour"]).date()))
        insert_observations(to_create, channel=channel, received_at=now)
        HourlyObservation.objects.bulk_update(
            to_update, [*fields, "channel", "received_at"], batch_size=BATCH
        )
        result.created += len(to_create)
        result.updated += len(to_update)
    if touched:
        what = Channel(channel).label + (f"：{label}" if label else "")
        recompute_days(
            {station for station, _day in touched},
            {day for _station, day in touched},
            change=corrections.trigger(actor=actor, what=what, reason=reason),
        )
    audit.record(
        actor=actor,
        action="air.ingest",
        target=("air.batch", "", label or Channel(channel).label),
        after={
            "channel": channel,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return result


def process_upload(ctx) -> str:
    """The ``air.observations`` importer (all-or-nothing): a staff upload, run by the intake worker."""
    table = ctx.table()
    stations = {station.code: station for station in Station.objects.all()}
    clean, errors = validate_rows(
        [row.values for row in table.rows], stations, ctx.progress, [row.line for row in table.rows]
    )
    for error in errors:
        ctx.error(error.row, error.field, error.message)
    result = ctx.apply(
        lambda: store(
            clean=clean,
            channel=Channel.UPLOAD,
            actor=ctx.actor,
            label=ctx.filename,
            reason=str(ctx.params.get("reason") or ""),
        )
    )
    ctx.result.update(created=result.created, updated=result.updated, unchanged=result.unchanged)
    return _("新增 %(c)d 行，更新 %(u)d 行，未变化 %(n)d 行。相关日均值和日报数据已重新计算。") % {
        "c": result.created,
        "u": result.updated,
        "n": result.unchanged,
    }
