from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.enforcement import queries


class DecisionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return queries.public_decisions()

    def location(self, decision):
        return reverse("enforcement:decision", args=[decision.pk])


class PlanSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return queries.public_plans()

    def location(self, plan):
        return reverse("enforcement:plan", args=[plan.pk])


SITEMAPS = {"enforcement-decisions": DecisionSitemap, "enforcement-draws": PlanSitemap}
