"""Public pages of 互动交流 in /sitemap.xml: answered messages on the Q&A, consultations, press events."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.interaction.models import Consultation, Message, PressEvent


class QASitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Message.objects.public().order_by("-replied_on")[:5000]

    def location(self, message):
        return reverse("interaction:qa_detail", args=[message.number])

    def lastmod(self, message):
        return message.published_at


class ConsultationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Consultation.objects.exclude(state=Consultation.State.DRAFT)


class PressSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return PressEvent.objects.filter(published_at__isnull=False)


SITEMAPS = {
    "interaction-qa": QASitemap,
    "interaction-consultations": ConsultationSitemap,
    "interaction-press": PressSitemap,
}
