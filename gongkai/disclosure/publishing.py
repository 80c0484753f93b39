"""主动公开 as the publisher of other apps' records (`core.publishing`): a draft under a catalogue row,
with its attachments, that then goes through review like any document."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import publishing
from gongkai.core.errors import DomainError
from gongkai.core.models import Organisation

from . import services
from .models import CatalogueItem, Document


def _ref(document: Document) -> publishing.DraftRef:
    published = document.published_at is not None and document.index_number
    return publishing.DraftRef(
        id=document.pk,
        status=document.status,
        staff_url=document.get_staff_url(),
        public_url=document.get_absolute_url() if published else "",
        published_at=document.published_at,
    )


@transaction.atomic
def draft(*, actor, request: publishing.DraftRequest) -> publishing.DraftRef:
    item = CatalogueItem.objects.filter(code=request.catalogue_code).first()
    if item is None:
        raise DomainError(_("基本目录中没有编码为“%(code)s”的事项。") % {"code": request.catalogue_code})
    document = services.new_document(
        actor=actor,
        fields={
            "title": request.title,
            "catalogue_item": item,
            "issuing_organ": Organisation.current().name,
            "document_number": request.document_number,
            "date_formed": request.date_formed,
            "body": request.body_html,
        },
    )
    for name, data in request.attachments:
        services.attach_file(actor=actor, document=document, name=name, data=data)
    if request.source:
        audit.record(
            actor=actor,
            action="disclosure.document.drafted_from",
            target=document,
            after={"source": request.source},
        )
    return _ref(document)


def status(document_id: int) -> publishing.DraftRef | None:
    document = Document.objects.filter(pk=document_id).first()
    return _ref(document) if document else None
