from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.licensing.models import Decision


class DecisionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Decision.objects.published().order_by("-published_at", "-pk").only("pk", "updated_at")

    def location(self, decision):
        return reverse("licensing:decision", args=[decision.pk])

    def lastmod(self, decision):
        return decision.updated_at
