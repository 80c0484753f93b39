"""Sitemap sections of 主动公开 (registered with core.sitemaps in DisclosureConfig.ready): the catalogue
items and every published document."""

from django.contrib.sitemaps import Sitemap
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.models import CatalogueItem, Document


class CatalogueSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    html_title = _("主动公开基本目录")  # listed on the HTML 网站地图 too

    def html_label(self, item: CatalogueItem) -> str:
        return f"{item.code} {item.name}"

    def items(self):
        return CatalogueItem.objects.order_by("code")


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Document.objects.published().only("index_number", "updated_at").order_by("pk")

    def lastmod(self, document: Document):
        return document.updated_at
