"""The builder's EIA projects on its enterprise facility page (core.facility: domain apps never import
the registry app; they meet through the registry, keyed by the 统一社会信用代码)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.facility import FacilitySection
from gongkai.eia import queries

SECTION = FacilitySection(
    key="eia.projects",
    label=_("环境影响评价"),
    template="eia/facility_projects.html",
    context=queries.facility_context,
    order=300,
)
