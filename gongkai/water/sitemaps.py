"""Sitemap section of 地表水环境质量 (registered with core.sitemaps in WaterConfig.ready): the
public monthly page of every published month."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.water import queries


class MonthlySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return queries.published_months()

    def location(self, month):
        return f"{reverse('water:monthly')}?{urlencode({'month': f'{month:%Y-%m}'})}"
