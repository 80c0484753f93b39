"""Figures for the annual report (年报): Table 二 rows 行政处罚 and 行政强制, column 本年处理决定数量."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.core.yearly import Contribution, Contributor, Fact
from gongkai.enforcement import queries


def annual_figures(year: int) -> Contribution:
    counts = queries.yearly_counts(year)
    penalty, coercion = counts["penalty"], counts["coercion"]
    published = counts["published"]
    return Contribution(
        table2={"penalty": {"decisions": penalty}, "coercion": {"decisions": coercion}},
        facts=(
            Fact(
                section="二",
                topic="主动公开",
                text=_(
                    "全年作出行政处罚决定%(penalty)d件、行政强制决定%(coercion)d件，其中%(published)d件已在网站公示。"
                )
                % {"penalty": penalty, "coercion": coercion, "published": published},
                figures={"penalty": penalty, "coercion": coercion, "published": published},
            ),
        ),
    )


CONTRIBUTOR = Contributor(key="enforcement", compute=annual_figures, order=600)
