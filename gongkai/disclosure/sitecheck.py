"""This app's columns for the website self-inspection (`core.sitechecks`, issue 19): every leaf row of
the 基本目录 published to the public (主动, 全社会) and not a page of its own (`link`), with the time of
its newest published document (None: never had one — a blank column)."""

from __future__ import annotations

from django.db.models import Max

from gongkai.core.sitechecks import ColumnSource, ColumnState
from gongkai.disclosure.models import Audience, CatalogueItem, Document, Method


def catalogue_columns() -> list[ColumnState]:
    newest = dict(
        Document.objects.published()
        .values_list("catalogue_item_id")
        .annotate(newest=Max("published_at"))
        .values_list("catalogue_item_id", "newest")
    )
    items = CatalogueItem.objects.filter(
        method=Method.PROACTIVE, audience=Audience.PUBLIC, children__isnull=True, link=""
    ).order_by("code")
    return [
        ColumnState(
            name=f"{item.code} {item.name}",
            path=item.get_absolute_url(),
            department=item.department,
            last_published=newest.get(item.pk),
        )
        for item in items
    ]


SOURCE = ColumnSource(key="disclosure", columns=catalogue_columns)
