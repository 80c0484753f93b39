"""RSS and Atom feeds of newly published documents, for the whole site and per catalogue item
(the item and its sub-items). Only published documents appear."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.core.models import Organisation
from gongkai.disclosure.models import CatalogueItem, Document

FEED_SIZE = 50
SUMMARY_LENGTH = 200


class SiteFeed(Feed):
    def title(self):
        return _("%(org)s 主动公开") % {"org": Organisation.current().name}

    def link(self):
        return reverse("disclosure:index")

    def description(self):
        return _("新发布的主动公开政府信息")

    def items(self):
        return Document.objects.published().select_related("catalogue_item")[:FEED_SIZE]

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        text = " ".join(item.body_text.split())
        return text[:SUMMARY_LENGTH] + ("…" if len(text) > SUMMARY_LENGTH else "")

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Document) -> str:
        return item.index_number

    item_guid_is_permalink = False

    def item_pubdate(self, item: Document):
        return item.published_at

    def item_updateddate(self, item: Document):
        return item.updated_at

    def item_author_name(self, item: Document) -> str:
        return item.issuing_organ

    def item_categories(self, item: Document):
        return [item.catalogue_item.name, item.get_subject_display()]


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


class ItemFeed(SiteFeed):
    def get_object(self, request, pk: int):
        return get_object_or_404(CatalogueItem, pk=pk)

    def title(self, obj: CatalogueItem):
        return _("%(org)s 主动公开：%(item)s") % {"org": Organisation.current().name, "item": obj.name}

    def link(self, obj: CatalogueItem):
        return obj.get_absolute_url()

    def description(self, obj: CatalogueItem):
        return _("“%(item)s”新发布的政府信息") % {"item": obj.name}

    def items(self, obj: CatalogueItem):
        return (
            Document.objects.published()
            .filter(catalogue_item_id__in=obj.descendant_ids())
            .select_related("catalogue_item")[:FEED_SIZE]
        )


class ItemAtomFeed(ItemFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: CatalogueItem):
        return self.description(obj)
