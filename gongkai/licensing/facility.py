"""The enterprise facility page's section (core.facility): the enterprise's licences, its published
行政许可 decisions (staff also see unpublished ones) and its legal-disclosure obligations and reports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.facility import FacilitySection
from gongkai.licensing import queries
from gongkai.licensing.models import Decision, DisclosureReport, Licence


def context(credit_code: str, public: bool) -> dict | None:
    decisions = Decision.objects.filter(credit_code=credit_code).order_by("-decided_on", "-pk")
    if public:
        decisions = decisions.filter(published_at__isnull=False)
    licences = list(Licence.objects.filter(credit_code=credit_code).prefetch_related("categories"))
    decisions = list(decisions[:20])
    obligations = list(queries.obligations().filter(credit_code=credit_code).order_by("-year"))
    reports = list(
        DisclosureReport.objects.filter(obligation__credit_code=credit_code)
        .select_related("obligation")
        .order_by("-disclosed_on")[:20]
    )
    if not (licences or decisions or obligations):
        return None
    for obligation in obligations:
        obligation.annual = queries.annual_status(obligation)
    return {"licences": licences, "decisions": decisions, "obligations": obligations, "reports": reports}


SECTION = FacilitySection(
    key="licensing",
    label=_("行政许可与依法披露"),
    template="licensing/facility/section.html",
    context=context,
    order=300,
)
