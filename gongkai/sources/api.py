"""Open data of the pollution-source registry, mounted under /api/v1/ (the API twins of the public
pages; the list endpoints give the same columns and filters as the pages' CSV/XLSX exports)."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router

from gongkai.core import facility as core_facility
from gongkai.core.lists import MAX_API_PAGE_SIZE
from gongkai.sources import lists, queries
from gongkai.sources.facility import permit_url, public_text
from gongkai.sources.models import Enterprise, KeyUnitCategory, MonitoringResult, Permit, ValidityAudit

router = Router(tags=["污染源信息"])


def _choice(choices) -> object:
    """A filter's values as an OpenAPI enum ("" = 全部): the declared constraint is the one enforced."""
    return Literal[("", *choices.values)]  # type: ignore[valid-type]


# The constraints the API enforces, declared in the OpenAPI document (issue 11).
Page = Query(1, ge=1, le=100_000, description="页码")
PageSize = Query(30, ge=1, le=MAX_API_PAGE_SIZE, description="每页条数")
Search = Query("", max_length=100, description="关键词")
CATEGORY_CHOICE = Query("", description="类别")
MANAGEMENT_CHOICE = Query("", description="管理类别")
STATUS_CHOICE = Query("", description="状态")
SOURCE_CHOICE = Query("", description="监测类型")
RESULT_CHOICE = Query("", description="审核结论")
District = Query("", max_length=12, pattern=r"^[0-9]*$", description="区县代码")


def _page(declared, request, page: int, page_size: int) -> dict:
    return declared.api_page(request, page=page, page_size=page_size)


@router.get("/sources/enterprises", summary="排污单位（按名称、代码、区县、行业查询）")
def enterprises(
    request: HttpRequest,
    q: str = Search,
    district: str = District,
    industry: str = Query("", max_length=10, pattern=r"^[0-9A-Za-z]*$", description="行业类别代码（前缀）"),
    page: int = Page,
    page_size: int = PageSize,
):
    return _page(lists.ENTERPRISES, request, page, page_size)


@router.get("/sources/enterprises/{credit_code}", summary="排污单位信息页数据")
def enterprise(
    request: HttpRequest, credit_code: str = Path(..., max_length=18, description="统一社会信用代码")
):
    """The facility page as data: particulars, name history, permits with outlets, limits (with their
    averaging period) and allowances, 名录 membership, the 自行监测方案 with the periods missing in the
    last twelve months, and the keys of every section on the page."""
    row = (
        Enterprise.objects.select_related("merged_into")
        .prefetch_related("events", "permits__events", "permits__allowances", "outlets__limits", "key_units")
        .filter(credit_code=credit_code.replace("\x00", "").strip().upper())
        .first()
    )
    if row is None:
        raise Http404
    return {
        "credit_code": row.credit_code,
        "name": row.name,
        "address": row.address,
        "district_code": row.district_code,
        "district": row.district_name,
        "industry_code": row.industry_code,
        "industry": row.industry_name,
        "longitude": float(row.longitude) if row.longitude is not None else None,
        "latitude": float(row.latitude) if row.latitude is not None else None,
        "legal_representative": row.legal_representative,
        "active": row.is_active,
        "merged_into": row.merged_into.credit_code if row.merged_into else None,
        "history": [
            {
                "kind": e.kind,
                "date": e.date.isoformat(),
                "old_name": e.old_name,
                "new_name": e.new_name,
                "other_credit_code": e.other_credit_code,
                "note": public_text(e.note),
            }
            for e in row.events.all()
        ],
        "key_units": sorted({(k.year, k.category) for k in row.key_units.all()}, reverse=True),
        "permits": [
            {
                "number": p.number,
                "url": permit_url(p.number),
                "management": p.management,
                "issued_on": p.issued_on.isoformat(),
                "valid_from": p.valid_from.isoformat(),
                "valid_until": p.valid_until.isoformat(),
                "status": p.status,
                "history": [
                    {"status": e.status, "date": e.date.isoformat(), "reason": public_text(e.reason)}
                    for e in p.events.all()
                ],
                "allowances": [
                    {"pollutant": a.pollutant, "tonnes_per_year": float(a.tonnes_per_year)}
                    for a in p.allowances.all()
                ],
            }
            for p in row.permits.all()
        ],
        "outlets": [
            {
                "code": o.code,
                "name": o.name,
                "medium": o.medium,
                "kind": o.kind,
                "longitude": float(o.longitude) if o.longitude is not None else None,
                "latitude": float(o.latitude) if o.latitude is not None else None,
                "limits": [
                    {
                        "pollutant": lim.pollutant,
                        "pollutant_code": lim.pollutant_code,
                        "statistic": lim.statistic,
                        "lower": float(lim.lower) if lim.lower is not None else None,
                        "value": float(lim.value) if lim.value is not None else None,
                        "unit": lim.unit,
                        "standard": lim.standard,
                    }
                    for lim in o.limits.all()
                ],
            }
            for o in row.outlets.all()
        ],
        "self_monitoring_plan": _plan(row.credit_code),
        "sections": [r.section.key for r in core_facility.sections_for(row.credit_code, public=True)],
    }


def _plan(credit_code: str) -> list[dict]:
    """The 自行监测方案 with, per item, the periods due in the last twelve months and those missing."""
    return [
        {
            "outlet": c.item.outlet.code,
            "pollutant": c.item.pollutant,
            "mode": c.item.mode,
            "frequency": c.item.frequency,
            "method": c.item.method,
            "valid_from": c.item.valid_from.isoformat(),
            "valid_until": c.item.valid_until.isoformat() if c.item.valid_until else None,
            "checked": c.checked,
            "due_periods": c.due if c.checked else None,
            "missing_periods": [[a.isoformat(), b.isoformat()] for a, b in c.missing] if c.checked else None,
        }
        for c in queries.plan_coverage(credit_code, timezone.localdate())
    ]


@router.get("/sources/key-units", summary="环境监管重点单位名录（按年度、类别、区县）")
def key_units(
    request: HttpRequest,
    year: str = Query("", pattern=r"^([0-9]{4})?$", description="年度（空为最新）"),
    category: _choice(KeyUnitCategory) = CATEGORY_CHOICE,
    district: str = District,
    q: str = Search,
    page: int = Page,
    page_size: int = PageSize,
):
    return _page(lists.KEY_UNITS, request, page, page_size)


@router.get("/sources/key-units/changes", summary="名录与上一年相比的新增和移出")
def key_unit_changes(
    request: HttpRequest, year: int | None = Query(None, ge=1900, le=2100, description="年度")
):
    years = queries.key_unit_years()
    shown = year if year in years else (years[0] if years else None)
    if shown is None:
        return {"year": None, "previous": None, "added": [], "removed": []}
    changes = queries.key_unit_changes(shown)

    def flat(grouped):
        return [
            {"category": label, "credit_code": c.credit_code, "name": c.name}
            for label, rows in grouped.items()
            for c in rows
        ]

    return {
        "year": shown,
        "previous": changes["previous"],
        "added": flat(changes["added"]),
        "removed": flat(changes["removed"]),
    }


@router.get("/sources/permits", summary="排污许可证")
def permits(
    request: HttpRequest,
    management: _choice(Permit.Management) = MANAGEMENT_CHOICE,
    status: _choice(Permit.Status) = STATUS_CHOICE,
    q: str = Search,
    page: int = Page,
    page_size: int = PageSize,
):
    return _page(lists.PERMITS, request, page, page_size)


@router.get(
    "/sources/permit-applications", summary="排污许可申请公示（公示期、申请类型、办理状态、公示文件）"
)
def permit_applications(
    request: HttpRequest,
    publicity: str = Query("", max_length=20, description="公示期"),
    kind: str = Query("", max_length=20, description="申请类型"),
    status: str = Query("", max_length=20, description="办理状态"),
    q: str = Search,
    page: int = Page,
    page_size: int = PageSize,
):
    return _page(lists.PERMIT_APPLICATIONS, request, page, page_size)


@router.get("/sources/monitoring", summary="污染源监测结果及超标判定（同统计口径）")
def monitoring(
    request: HttpRequest,
    source: _choice(MonitoringResult.Source) = SOURCE_CHOICE,
    month: str = Query("", pattern=r"^([0-9]{4}-(0[1-9]|1[0-2]))?$", description="月份 YYYY-MM"),
    date_from: str = Query("", max_length=10, description="监测日期起 YYYY-MM-DD"),
    date_to: str = Query("", max_length=10, description="监测日期止 YYYY-MM-DD"),
    enterprise: str = Query("", max_length=100, description="排污单位"),
    outlet: str = Query("", max_length=100, description="排放口"),
    pollutant: str = Query("", max_length=100, description="污染物"),
    statistic: str = Query("", max_length=20, description="统计口径"),
    exceeded: Literal["", "1"] = Query("", description="1 = 只看超标"),
    district: str = District,
    q: str = Search,
    page: int = Page,
    page_size: int = PageSize,
):
    return _page(lists.MONITORING, request, page, page_size)


@router.get("/sources/validity-audits", summary="自动监控设备有效性审核结果")
def validity_audits(
    request: HttpRequest,
    result: _choice(ValidityAudit.Result) = RESULT_CHOICE,
    q: str = Search,
    page: int = Page,
    page_size: int = PageSize,
):
    return _page(lists.VALIDITY_AUDITS, request, page, page_size)
