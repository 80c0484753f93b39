"""Every enterprise's public facility page in /sitemap.xml (searchable pages)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.sources.models import Enterprise


class FacilitySitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Enterprise.objects.order_by("credit_code").only("credit_code", "updated_at")

    def location(self, enterprise):
        return reverse("sources:facility", args=[enterprise.credit_code])

    def lastmod(self, enterprise):
        return enterprise.updated_at
