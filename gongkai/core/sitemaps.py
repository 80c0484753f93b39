from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.models import Page


class StaticViewSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["core:home", "core:disclosure_index"]

    def location(self, item):
        return reverse(item)


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.all()

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {"static": StaticViewSitemap, "pages": PageSitemap}
