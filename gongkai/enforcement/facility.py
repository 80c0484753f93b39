"""Sections of the enterprise facility page (core.facility): penalties and compulsory measures,
挂牌督办 / 曝光 and 双随机 inspections of the enterprise, keyed by its 统一社会信用代码."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.facility import FacilitySection
from gongkai.enforcement import queries


def _decisions(credit_code: str, public: bool):
    decisions = list(queries.decisions_for(credit_code, public=public)[:50])
    return {"decisions": decisions, "public": public} if decisions else None


def _listed(credit_code: str, public: bool):
    cases = list(queries.listed_for(credit_code, public=public)[:50])
    return {"cases": cases, "public": public} if cases else None


def _inspections(credit_code: str, public: bool):
    results = list(queries.inspections_for(credit_code, public=public)[:50])
    return {"results": results, "public": public} if results else None


SECTIONS = (
    FacilitySection(
        key="enforcement.decisions",
        label=_("行政处罚与行政强制"),
        template="enforcement/facility/decisions.html",
        context=_decisions,
        order=400,
    ),
    FacilitySection(
        key="enforcement.listed",
        label=_("挂牌督办与曝光"),
        template="enforcement/facility/listed.html",
        context=_listed,
        order=410,
    ),
    FacilitySection(
        key="enforcement.inspections",
        label=_("双随机抽查"),
        template="enforcement/facility/inspections.html",
        context=_inspections,
        order=420,
    ),
)
