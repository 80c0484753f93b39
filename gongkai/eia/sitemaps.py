"""Sitemap section: the public page of every project with a published notice."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from gongkai.eia import queries


class ProjectSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return queries.public_projects().order_by("pk")

    def lastmod(self, project):
        return project.updated_at
