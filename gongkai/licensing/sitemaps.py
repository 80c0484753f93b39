from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.licensing import queries


class DecisionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return queries.public_decisions().order_by("-published_at", "-pk").only("pk", "updated_at")

    def location(self, decision):
        return reverse("licensing:decision", args=[decision.pk])

    def lastmod(self, decision):
        return decision.updated_at
