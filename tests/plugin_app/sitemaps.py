from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tests.plugin_app.models import Reading


class ReadingSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Reading.objects.order_by("pk")

    def location(self, reading):
        return reverse("plugin_app:reading", args=[reading.pk])

    def lastmod(self, reading):
        return reading.created_at
