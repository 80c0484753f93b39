"""To-do card: the latest scan's veto items (单项否决), shown as an alert."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.sitecheck import queries


def _vetoes():
    scan = queries.latest_scan()
    return list(scan.findings.filter(severity="veto")) if scan else []


CARDS = (
    Card(
        key="sitecheck.vetoes",
        section=_("网站自查"),
        title=_("单项否决项"),
        permission="sitecheck.view_scan",
        count=lambda user: len(_vetoes()),
        items=lambda user: [CardItem(f.title, reverse("sitecheck:overview")) for f in _vetoes()],
        url="sitecheck:overview",
        order=360,
        alert=True,
    ),
)
