"""Open data of the pollution-source registry, mounted under /api/v1/ (the API twins of the public
pages; the list endpoints give the same columns and filters as the pages' CSV/XLSX exports)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from gongkai.core import facility as core_facility
from gongkai.sources import lists, queries
from gongkai.sources.facility import permit_url, public_text
from gongkai.sources.models import Enterprise

router = Router(tags=["污染源信息"])


def _page(declared, request, page: int, page_size: int) -> dict:
    return declared.api_page(request, page=page, page_size=page_size)


@router.get("/sources/enterprises", summary="排污单位（按名称、代码、区县、行业查询）")
def enterprises(
    request: HttpRequest,
    q: str = "",
    district: str = "",
    industry: str = "",
    page: int = 1,
    page_size: int = 30,
):
    return _page(lists.ENTERPRISES, request, page, page_size)


@router.get("/sources/enterprises/{credit_code}", summary="排污单位信息页数据")
def enterprise(request: HttpRequest, credit_code: str):
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
    year: str = "",
    category: str = "",
    district: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 30,
):
    return _page(lists.KEY_UNITS, request, page, page_size)


@router.get("/sources/key-units/changes", summary="名录与上一年相比的新增和移出")
def key_unit_changes(request: HttpRequest, year: int | None = None):
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
    management: str = "",
    status: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 30,
):
    return _page(lists.PERMITS, request, page, page_size)


@router.get(
    "/sources/permit-applications", summary="排污许可申请公示（公示期、申请类型、办理状态、公示文件）"
)
def permit_applications(
    request: HttpRequest,
    publicity: str = "",
    kind: str = "",
    status: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 30,
):
    return _page(lists.PERMIT_APPLICATIONS, request, page, page_size)


@router.get("/sources/monitoring", summary="污染源监测结果及超标判定（同统计口径）")
def monitoring(
    request: HttpRequest,
    source: str = "",
    month: str = "",
    date_from: str = "",
    date_to: str = "",
    enterprise: str = "",
    outlet: str = "",
    pollutant: str = "",
    statistic: str = "",
    exceeded: str = "",
    district: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 30,
):
    return _page(lists.MONITORING, request, page, page_size)


@router.get("/sources/validity-audits", summary="自动监控设备有效性审核结果")
def validity_audits(request: HttpRequest, result: str = "", q: str = "", page: int = 1, page_size: int = 30):
    return _page(lists.VALIDITY_AUDITS, request, page, page_size)
