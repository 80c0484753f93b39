"""Home-page card of 互动交流 (core.home): the latest public answers and the open consultations."""

from __future__ import annotations

from gongkai.core.home import HomeCard
from gongkai.interaction.models import Consultation, Message


def card_context(request):
    answers = list(Message.objects.public().order_by("-replied_on", "-pk")[:5])
    consultations = list(Consultation.objects.filter(state=Consultation.State.OPEN).order_by("ends_on")[:3])
    if not answers and not consultations:
        return None
    return {"answers": answers, "consultations": consultations}


CARD = HomeCard(key="interaction", template="interaction/home/card.html", context=card_context, order=50)
