"""Air-quality API: token-authenticated hourly data submission and the open data twins of the public
pages. Mounted under /api/v1/ by gongkai.api."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gongkai.air import aqi, corrections, intake, lists, publication, queries, statistics_queries
from gongkai.air.models import DAILY_FIELDS, Channel, Region, Station
from gongkai.intake.auth import TokenAuth

router = Router(tags=["空气质量"])

IMPORTER = "air.observations"  # the intake importer whose tokens may submit here
MAX_BATCH_ROWS = 10_000
MAX_HISTORY_DAYS = 366


class ErrorOut(Schema):
    row: int
    field: str
    message: str


class IntakeOut(Schema):
    created: int
    updated: int
    unchanged: int
    errors: list[ErrorOut]


class DetailOut(Schema):
    detail: str


def _reject(message: str):
    return Status(
        400,
        {"created": 0, "updated": 0, "unchanged": 0, "errors": [{"row": 0, "field": "", "message": message}]},
    )


@router.post(
    "/air/observations",
    auth=TokenAuth(IMPORTER),
    response={200: IntakeOut, 400: IntakeOut},
    summary="上报小时监测数据（整批校验，按站点+时间幂等）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "example": {
                        "observations": [
                            {
                                "station": "99010001",
                                "time": "2026-03-01T08:00:00+08:00",
                                "so2": 8,
                                "no2": 30,
                                "co": 0.7,
                                "o3": 60,
                                "pm10": 70,
                                "pm2_5": 45,
                                "pm10_flag": "valid",
                            }
                        ]
                    }
                }
            },
        }
    },
)
def submit_observations(request: HttpRequest):
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _reject(_("请求体应为UTF-8编码的JSON对象。"))
    rows = payload.get("observations") if isinstance(payload, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return _reject(_('请求体应为 {"observations": [ {…}, … ]}。'))
    if len(rows) > MAX_BATCH_ROWS:
        return _reject(_("每批最多 %(rows)d 行。") % {"rows": MAX_BATCH_ROWS})
    try:
        result = intake.ingest(
            rows=rows, channel=Channel.API, label=_("接口：%(name)s") % {"name": request.auth.name}
        )
    except intake.BatchRejected as rejected:
        return Status(
            400,
            {
                "created": 0,
                "updated": 0,
                "unchanged": 0,
                "errors": [error.as_dict() for error in rejected.errors],
            },
        )
    return Status(200, result.as_dict())


class StationOut(Schema):
    code: str
    name: str
    control_level: str
    district: str
    longitude: float
    latitude: float
    active_from: date
    active_to: date | None


@router.get("/air/stations", response=list[StationOut], summary="监测站点")
def stations(request: HttpRequest):
    return [
        {
            "code": s.code,
            "name": s.name,
            "control_level": s.get_control_level_display(),
            "district": s.district.name,
            "longitude": float(s.longitude),
            "latitude": float(s.latitude),
            "active_from": s.active_from,
            "active_to": s.active_to,
        }
        for s in Station.objects.select_related("district")
    ]


@router.get("/air/realtime", summary="实时空气质量（数据未经审核）")
def realtime(request: HttpRequest):
    report = queries.realtime()
    return {
        # The national platform labels an hour by its end; "hour_start" is the start-time form.
        "hour": report.hour_end.isoformat() if report.hour_end else None,
        "hour_start": report.hour.isoformat() if report.hour else None,
        "notice": _("实时数据未经审核，仅供参考。"),
        "city": report.city.as_dict() if report.city else None,
        "districts": [row.as_dict() for row in report.districts],
        "stations": [row.as_dict() for row in report.stations],
    }


def _daily_value(value, name: str, code: str) -> dict:
    return {
        "code": code,
        "name": name,
        "standard": f"HJ 633-{value.standard}",
        "aqi": value.aqi,
        "level": value.level,
        "grade": publication.grade(value.level),
        "category": queries.level_text(value.level)[0] if value.level else None,
        "primary_pollutants": [p for p in value.primary_pollutants.split(";") if p],
        # As the page shows it: GB/T 8170 once, under both standards (under HJ 633-2026 the value the
        # index was computed from, §4.2; issues 12 and 21).
        **{f: publication.number(f, getattr(value, f)) for f in DAILY_FIELDS},
        # HJ 633 daily report format: each pollutant's IAQI beside its concentration.
        "iaqi": {f: value.iaqi.get(publication.DAILY_IAQI[f]) for f in DAILY_FIELDS},
    }


@router.get("/air/daily", response={200: dict, 404: DetailOut}, summary="空气质量日报")
def daily(request: HttpRequest, date: date | None = None):
    day = date or queries.latest_published_day()
    report, regions, station_values = queries.published_daily(day) if day else (None, [], [])
    if report is None:
        return Status(404, {"detail": _("该日日报尚未发布。")})
    return Status(
        200,
        {
            "date": report.date.isoformat(),
            # Beijing time with its offset, as the page shows it (stored in UTC).
            "published_at": report.published_at.astimezone(aqi.CHINA_STANDARD_TIME).isoformat(
                timespec="seconds"
            ),
            # the latest correction's time (None: never corrected); the values are the corrected ones
            "corrected_at": _beijing(report.corrected_at),
            "regions": [_daily_value(v, v.region.name, v.region.code) for v in regions],
            "stations": [_daily_value(v, v.station.name, v.station.code) for v in station_values],
            # 更正: every published correction, its time, reason and the values before and after
            "corrections": [
                {
                    "number": c.number,
                    "corrected_at": _beijing(c.published_at),
                    "reason": c.reason,
                    "changes": [
                        {key: change[key] for key in ("kind", "code", "name", "field", "before", "after")}
                        for change in c.changes
                    ],
                }
                for c in corrections.published_corrections(report)
            ],
        },
    )


def _beijing(moment) -> str | None:
    return (
        None if moment is None else moment.astimezone(aqi.CHINA_STANDARD_TIME).isoformat(timespec="seconds")
    )


HISTORY_START = Query(None, description="起始日期；只给起始日期时查其后30天")
HISTORY_END = Query(None, description="截止日期（跨度不超过366天，不早于起始日期）")


def _shifted(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@router.get("/air/history", response={200: list[dict], 400: DetailOut}, summary="历史日数据查询")
def history(
    request: HttpRequest,
    start: date | None = HISTORY_START,
    end: date | None = HISTORY_END,
    station: str = Query("", max_length=20, pattern=r"^[0-9A-Za-z]*$", description="站点编码"),
):
    # One bound alone reads 30 days from it, never a span the endpoint refuses (nor a date past the
    # calendar's ends).
    if end is None:
        end = _shifted(start, 30) if start else timezone.localdate()
    start = start or _shifted(end, -30)
    if start > end or (end - start).days >= MAX_HISTORY_DAYS:
        return Status(
            400,
            {
                "detail": _("起止日期有误：起始日期不得晚于截止日期，跨度不超过 %(days)d 天。")
                % {"days": MAX_HISTORY_DAYS}
            },
        )
    rows = queries.history(start=start, end=end, station=station)
    return Status(200, [lists.HISTORY.api_row(request, value) for value in rows])


@router.get(
    "/air/statistics", response={200: dict, 400: DetailOut}, summary="月度/年度统计（含同比和区县排名）"
)
def statistics_report(
    request: HttpRequest,
    year: int = Query(..., ge=2000, le=2100, description="年份"),
    month: int | None = Query(None, ge=1, le=12, description="月份（不填为全年）"),
):
    if (month is not None and not 1 <= month <= 12) or not 2000 <= year <= 2100:
        return Status(400, {"detail": _("年份或月份有误。")})
    result = statistics_queries.report(year, month)
    return Status(
        200,
        {
            "city": result.city.as_dict() if result.city else None,
            "same_period_last_year": result.previous.as_dict() if result.previous else None,
            "year_on_year": result.changes or None,
            # "comparable", "insufficient" (数据覆盖不足，不作同比: a side below the validity rule for
            # the days compared) or "none" (no data on a side)
            "year_on_year_comparison": result.comparison,
            "district_ranking": [row.as_dict() for row in result.districts],
        },
    )


@router.get(
    "/air/statistics/monthly",
    response={200: dict, 400: DetailOut, 404: DetailOut},
    summary="逐月统计（全市或一个区县）",
)
def statistics_monthly(
    request: HttpRequest,
    year: int = Query(..., ge=2000, le=2100, description="年份"),
    region: str = Query("", max_length=12, pattern=r"^[0-9]*$", description="区划代码（不填为全市）"),
):
    if not 2000 <= year <= 2100:
        return Status(400, {"detail": _("年份有误。")})
    chosen = None
    if region:
        chosen = Region.objects.filter(code=region).first()
        if chosen is None:
            return Status(404, {"detail": _("没有编码为 %(code)s 的区域。") % {"code": region}})
    months = statistics_queries.monthly(year, chosen)
    return Status(200, {"year": year, "months": [row.as_dict() for row in months]})
