"""Sitemap sections of 环境空气质量 (registered with core.sitemaps in AirConfig.ready): the public air
pages (日报, 历史数据, 统计, 地图, 统计方法) and the daily report (日报) of every published day."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.air import queries

# 实时 (/air/) is the section's own page, listed with every public section (core.sitemaps).
PAGES = ("air:daily", "air:history", "air:statistics", "air:map", "air:methodology")


class PagesSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return list(PAGES)

    def location(self, url_name):
        return reverse(url_name)


class DailyReportSitemap(Sitemap):
    changefreq = "never"  # a published 日报 changes only through a correction

    def items(self):
        return queries.published_reports().only("date", "published_at", "corrected_at")

    def location(self, report):
        return f"{reverse('air:daily')}?{urlencode({'date': f'{report.date:%Y-%m-%d}'})}"

    def lastmod(self, report):
        return report.corrected_at or report.published_at


SITEMAPS = {"air-pages": PagesSitemap, "air-daily": DailyReportSitemap}
