"""The sources app as the enterprise directory of core.facility, and its own sections of the public
facility page (企业信息页): permit, outlets and limits, latest monitoring with compliance, 有效性审核,
重点单位名录 membership. Other apps' sections (licences, disclosure, inspections, penalties) appear
through the same registry when they register them."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core import facility
from gongkai.privacy import redact_text, scan_text
from gongkai.sources.models import (
    Device,
    Enterprise,
    KeyUnit,
    Measurement,
    MonitoringResult,
    Permit,
    ValidityAudit,
)

LATEST_RESULTS = 30


def public_text(text: str) -> str:
    """Free text shown to the public passes the privacy gate: personal data found is masked."""
    if not text:
        return ""
    hits = scan_text(text)
    return redact_text(text, hits) if hits else text


def ref(enterprise: Enterprise) -> facility.EnterpriseRef:
    return facility.EnterpriseRef(
        credit_code=enterprise.credit_code,
        name=enterprise.name,
        url=reverse("sources:facility", args=[enterprise.credit_code]),
        district=enterprise.district_name,
    )


def lookup(credit_code: str) -> facility.EnterpriseRef | None:
    enterprise = Enterprise.objects.filter(
        credit_code=credit_code.replace("\x00", "").strip().upper()
    ).first()
    return ref(enterprise) if enterprise else None


def search(text: str, limit: int = 20) -> list[facility.EnterpriseRef]:
    text = text.replace("\x00", "").strip()
    if not text:
        return []
    rows = Enterprise.objects.filter(
        Q(name__icontains=text) | Q(credit_code__istartswith=text) | Q(events__old_name__icontains=text)
    ).distinct()
    return [ref(enterprise) for enterprise in rows.order_by("name")[: max(1, min(limit, 100))]]


DIRECTORY = facility.Directory(lookup=lookup, search=search)


def permit_url(number: str) -> str:
    """The permit's record on the national permit platform (SOURCES_PERMIT_URL, "{number}" replaced)."""
    pattern = getattr(settings, "SOURCES_PERMIT_URL", "")
    return pattern.replace("{number}", number) if pattern else ""


def _permits(credit_code: str, public: bool) -> dict | None:
    permits = list(
        Permit.objects.filter(enterprise__credit_code=credit_code)
        .prefetch_related("events", "allowances")
        .order_by("-issued_on")
    )
    if not permits:
        return None
    for permit in permits:
        for event in permit.events.all():  # prefetched: the attribute stays on the cached rows
            event.public_reason = public_text(event.reason)
    return {"permits": [(permit, permit_url(permit.number)) for permit in permits]}


def _applications(credit_code: str, public: bool) -> dict | None:
    from gongkai.sources.models_permits import PUBLICITY_STATES, PermitApplication

    rows = list(
        PermitApplication.objects.filter(enterprise__credit_code=credit_code).order_by("-publicity_start")[
            :10
        ]
    )
    for row in rows:
        row.publicity_label = PUBLICITY_STATES[row.publicity_state()]
    return {"applications": rows} if rows else None


def _outlets(credit_code: str, public: bool) -> dict | None:
    enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
    if enterprise is None:
        return None
    outlets = list(enterprise.outlets.prefetch_related("limits").order_by("code"))
    return {"outlets": outlets} if outlets else None


def _monitoring(credit_code: str, public: bool) -> dict | None:
    results = list(
        MonitoringResult.objects.filter(enterprise__credit_code=credit_code)
        .select_related("outlet")
        .order_by("-sampled_on", "outlet__code", "pollutant")[:LATEST_RESULTS]
    )
    if not results:
        return None
    for result in results:
        result.public_note = public_text(result.note)
    return {
        "results": results,
        "exceeded": sum(1 for r in results if r.exceeded),
        "more_url": f"{reverse('sources:monitoring')}?enterprise={credit_code}",
    }


def _plan(credit_code: str, public: bool) -> dict | None:
    from django.utils import timezone

    from gongkai.sources.queries import plan_coverage, plan_window

    today = timezone.localdate()
    coverage = plan_coverage(credit_code, today)
    if not coverage:
        return None
    return {
        "coverage": coverage,
        "window": plan_window(today),
        "missing_total": sum(len(c.missing) for c in coverage if c.checked),
        "self_url": f"{reverse('sources:monitoring')}?enterprise={credit_code}&source=self",
    }


def _online(credit_code: str, public: bool) -> dict | None:
    """Automatic-monitoring loggers at the enterprise's outlets and the time of their latest data."""
    devices = list(
        Device.objects.filter(outlet__enterprise__credit_code=credit_code, active=True)
        .select_related("outlet")
        .order_by("outlet__code", "mn")
    )
    if not devices:
        return None
    latest = dict(
        Measurement.objects.filter(mn__in=[d.mn for d in devices])
        .values("mn")
        .annotate(last=Max("data_time"))
        .values_list("mn", "last")
    )
    return {"devices": [(device, latest.get(device.mn)) for device in devices]}


def _validity(credit_code: str, public: bool) -> dict | None:
    audits = list(
        ValidityAudit.objects.filter(enterprise__credit_code=credit_code).select_related("outlet")[:8]
    )
    for row in audits:
        row.public_note = public_text(row.note)
    return {"audits": audits} if audits else None


def _key_units(credit_code: str, public: bool) -> dict | None:
    rows = list(KeyUnit.objects.filter(enterprise__credit_code=credit_code).order_by("-year", "category"))
    if not rows:
        return None
    years: dict[int, list[str]] = {}
    for row in rows:
        years.setdefault(row.year, []).append(row.get_category_display())
    return {"years": sorted(years.items(), reverse=True)}


SECTIONS = (
    facility.FacilitySection(
        "sources.key_units", _("重点单位名录"), "sources/facility/key_units.html", _key_units, 100
    ),
    facility.FacilitySection(
        "sources.permits", _("排污许可"), "sources/facility/permits.html", _permits, 110
    ),
    facility.FacilitySection(
        "sources.permit_applications",
        _("排污许可申请公示"),
        "sources/facility/applications.html",
        _applications,
        115,
    ),
    facility.FacilitySection(
        "sources.outlets", _("排放口及许可排放限值"), "sources/facility/outlets.html", _outlets, 120
    ),
    facility.FacilitySection(
        "sources.monitoring", _("监测结果"), "sources/facility/monitoring.html", _monitoring, 200
    ),
    facility.FacilitySection(
        "sources.self_monitoring_plan", _("自行监测方案"), "sources/facility/plan.html", _plan, 190
    ),
    facility.FacilitySection("sources.online", _("自动监控"), "sources/facility/online.html", _online, 205),
    facility.FacilitySection(
        "sources.validity", _("自动监控设备有效性审核"), "sources/facility/validity.html", _validity, 210
    ),
)


def register() -> None:
    facility.register_directory(DIRECTORY)
    for section in SECTIONS:
        facility.register(section)
