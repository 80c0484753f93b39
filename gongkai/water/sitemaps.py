"""Sitemap sections of 地表水环境质量 (registered with core.sitemaps in WaterConfig.ready): the public
monthly page of every published month, the drinking-water source report of every published month,
the annual page of every published year, the history list, and the page of every river and section
with published results."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.water import bulletin, queries
from gongkai.water.models import MonthlyResult, Section


class MonthlySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return queries.published_months()

    def location(self, month):
        return f"{reverse('water:monthly')}?{urlencode({'month': f'{month:%Y-%m}'})}"


class SourcesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return queries.published_months()

    def location(self, month):
        return f"{reverse('water:sources')}?{urlencode({'month': f'{month:%Y-%m}'})}"


class AnnualSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return bulletin.published_years()

    def location(self, year):
        return f"{reverse('water:annual')}?{urlencode({'year': year})}"


class HistorySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["history"] if MonthlyResult.objects.published().exists() else []

    def location(self, item):
        return reverse("water:history")


def _published_sections():
    return Section.objects.filter(results__published_at__isnull=False).distinct().order_by("code")


class RiverSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return sorted(set(_published_sections().values_list("water_name", flat=True)))

    def location(self, name):
        return reverse("water:river", args=[name])


class SectionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(_published_sections().values_list("code", flat=True))

    def location(self, code):
        return reverse("water:section", args=[code])


SITEMAPS = {
    "water-monthly": MonthlySitemap,
    "water-sources": SourcesSitemap,
    "water-annual": AnnualSitemap,
    "water-history": HistorySitemap,
    "water-rivers": RiverSitemap,
    "water-sections": SectionSitemap,
}
