"""Indexing published documents and answering queries, whatever the database.

Only public text is indexed: the title, the public (redacted) body and the public text and names
of the current attachments. A redacted value can therefore never be found by searching for it.
Documents enter the index when published and leave it when withdrawn (services.py); a revision or
a catalogue item's new code reindexes them (facets carry the filter values)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from gongkai.disclosure.models import LONG_TEXT_FIELDS, Attachment, Document
from gongkai.disclosure.search import segment
from gongkai.disclosure.search.backends import MAX_COUNT, ORDERS, RELEVANCE, IndexRow, Query, get_backend


def public_text(document: Document, attachments: Iterable[Attachment] | None = None) -> str:
    parts = [document.body_text]
    for attachment in document.current_attachments() if attachments is None else attachments:
        parts += [attachment.public_name, attachment.text_public]
    return "\n".join(part for part in parts if part)


KEY_SPAN = 10**8  # document ids below this keep keys of the same second apart


def sort_key(published_at: datetime, document_id: int) -> int:
    """The index order: publication time in seconds, then the document id; newer is larger."""
    return int(published_at.timestamp()) * KEY_SPAN + document_id % KEY_SPAN


def _token(prefix: str, value: str) -> str:
    return prefix + re.sub(r"[^0-9a-z]", "x", value.lower())


def organ_token(organ: str) -> str:
    return "zzorg" + hashlib.sha1(organ.encode(), usedforsecurity=False).hexdigest()[:12]


def item_token(code: str) -> str:
    return _token("zzitem", code)


def facet_tokens(
    *, item_code: str, subject: str, doc_type: str, validity: str, organ: str, published_at: datetime
) -> list[str]:
    """Filter values as words of the index: an item and all its ancestors (so that an item's filter
    finds its sub-items' documents), subject, type, validity, year of publication, organ."""
    parts = item_code.split(".")
    tokens = [item_token(".".join(parts[: depth + 1])) for depth in range(len(parts))]
    tokens += [_token("zzsubj", subject), _token("zztype", doc_type), organ_token(organ)]
    tokens.append(f"zzyear{timezone.localtime(published_at).year}")
    if validity:
        tokens.append(_token("zzvalid", validity))
    return tokens


def filter_facets(filters: dict) -> list[str]:
    """The facet tokens that stand for the public list's filters (queries.public_documents)."""
    makers = {
        "item": lambda item: item_token(item.code),
        "subject": lambda value: _token("zzsubj", value),
        "doc_type": lambda value: _token("zztype", value),
        "validity": lambda value: _token("zzvalid", value),
        "year": lambda value: f"zzyear{int(value)}",
        "organ": organ_token,
    }
    facets = []
    for name, value in filters.items():
        if value in ("", None):
            continue
        if name not in makers:
            raise ValueError(f"unknown search filter: {name}")
        facets.append(makers[name](value))
    return facets


def index_row(document: Document, attachments: Iterable[Attachment] | None = None) -> IndexRow:
    return IndexRow(
        document_id=document.pk,
        key=sort_key(document.published_at, document.pk),
        title_words=segment.segment_for_index(document.title),
        body_words=segment.segment_for_index(public_text(document, attachments)),
        facets=facet_tokens(
            item_code=document.catalogue_item.code,
            subject=document.subject,
            doc_type=document.doc_type,
            validity=document.current_validity,  # refreshed daily (tasks.refresh_validity)
            organ=document.issuing_organ,
            published_at=document.published_at,
        ),
    )


def index_documents(documents: Iterable[Document]) -> None:
    """(Re)index these documents if they are published; remove the others from the index."""
    from gongkai.disclosure.queries import published_changed

    published_changed()
    documents = list(documents)
    backend = get_backend()
    published = [document for document in documents if document.status == "published"]
    others = [document.pk for document in documents if document.status != "published"]
    if others:
        backend.delete(others)
    if published:
        backend.write(index_row(document) for document in published)


def remove_documents(document_ids: Iterable[int]) -> None:
    from gongkai.disclosure.queries import published_changed

    published_changed()
    get_backend().delete(document_ids)


def rebuild(batch_size: int = 500) -> int:
    """Rebuild the whole index from the published documents; returns how many were indexed."""
    from gongkai.disclosure.models import SearchEntry

    SearchEntry.objects.all().delete()
    backend = get_backend()
    current = Prefetch("attachments", queryset=Attachment.objects.filter(retired_in__isnull=True))
    count = 0
    ids = list(Document.objects.published().order_by("pk").values_list("pk", flat=True))
    for offset in range(0, len(ids), batch_size):
        chunk = (
            Document.objects.filter(pk__in=ids[offset : offset + batch_size])
            .select_related("catalogue_item")
            .prefetch_related(current)
        )
        rows = [index_row(document, document.attachments.all()) for document in chunk]
        backend.write(rows)
        count += len(rows)
    return count


FIRST_PAGE = 100  # results fetched together with the count (a page of the site or of the API)


class SearchResults:
    """The documents matching a query, evaluated lazily one page at a time: `count()`, slicing
    and iteration, so that Paginator, the exports and the API use it like a queryset. A page is
    loaded through `Document.objects.published()`, whatever the index says."""

    def __init__(self, terms: list[str], filters: dict, order: str):
        self.terms = terms
        self.order = order if order in ORDERS else RELEVANCE
        self.query = Query(terms=tuple(terms), facets=tuple(filter_facets(filters)))
        self.backend = get_backend()
        self._count: int | None = None
        self._first: list[tuple[int, float]] = []  # the first FIRST_PAGE results, fetched with the count

    def count(self) -> int:
        """The number of matches, at most MAX_COUNT (see `capped`)."""
        if self._count is None:
            if not self.terms:
                self._count, self._first = 0, []
            else:
                self._count, self._first = self.backend.first_page(self.query, self.order, FIRST_PAGE)
        return min(self._count, MAX_COUNT)

    @property
    def capped(self) -> bool:
        """More than MAX_COUNT documents match (shown as "10000+"; pages end there)."""
        return self.count() == MAX_COUNT and (self._count or 0) > MAX_COUNT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        if not self.terms or stop <= start:
            return []
        if (
            self._count is not None
            and stop <= FIRST_PAGE
            and (stop <= len(self._first) or self._count <= FIRST_PAGE)
        ):
            scored = self._first[start:stop]
        else:
            scored = self.backend.page(self.query, self.order, start, stop - start)
        documents = Document.objects.published().select_related("catalogue_item").defer(*LONG_TEXT_FIELDS)
        found = documents.in_bulk([pk for pk, _score in scored])
        page = []
        for pk, score in scored:
            if pk in found:
                found[pk].search_score = score
                page.append(found[pk])
        return page

    def iterator(self, chunk_size: int = 1000):
        for offset in range(0, self.count(), chunk_size):
            yield from self[offset : offset + chunk_size]

    def __iter__(self):
        return self.iterator()


def search(
    query: str, *, order: str = RELEVANCE, filters: dict | None = None
) -> tuple[SearchResults, list[str]]:
    """Published documents matching every word of `query` under the public list's filters."""
    terms = segment.query_terms(query)
    return SearchResults(terms, filters or {}, order), terms


@dataclass(frozen=True)
class Result:
    document: Document
    title: SafeString
    snippet: SafeString


def highlighted(documents: Iterable[Document], terms: list[str]) -> list[Result]:
    """Title and the best passage of each result with the query's words in <mark>."""
    documents = list(documents)
    ids = [document.pk for document in documents]
    bodies = dict(Document.objects.filter(pk__in=ids).values_list("pk", "body_text"))
    files: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(document_id__in=ids, retired_in__isnull=True):
        files.setdefault(attachment.document_id, []).append(attachment)
    results = []
    for document in documents:
        parts = [bodies.get(document.pk, "")]
        for attachment in files.get(document.pk, []):
            parts += [attachment.public_name, attachment.text_public]
        text = "\n".join(part for part in parts if part)
        results.append(
            Result(
                document,
                mark_safe(segment.highlight(document.title, terms)),  # noqa: S308 - escaped by segment
                mark_safe(segment.snippet(text, terms)),  # noqa: S308 - escaped by segment
            )
        )
    return results
