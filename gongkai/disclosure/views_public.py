"""Public pages of 主动公开: the catalogue tree, document lists with filters and exports, the
document page, search and attachments. Every query starts from `Document.objects.published()`
(or `public_record()` for a withdrawn document's page)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_safe

from gongkai.core import menu
from gongkai.core.listing import paginate
from gongkai.disclosure import lists, queries
from gongkai.disclosure.forms import SearchForm
from gongkai.disclosure.models import Attachment, CatalogueItem, Document, FileType, Status
from gongkai.disclosure.search import service as search
from gongkai.disclosure.search.backends import RELEVANCE

PER_PAGE = 20


@require_safe
def index(request):
    """The 主动公开 column: the catalogue tree, each item with its count and newest documents."""
    return render(
        request,
        "disclosure/index.html",
        {"tree": queries.catalogue_tree(latest=5), "latest": Document.objects.published()[:10]},
    )


@require_safe
def document_list(request):
    return lists.DOCUMENTS.respond(request, "disclosure/list.html", {"tree": queries.catalogue_tree()})


@require_safe
def item(request, pk: int):
    catalogue_item = get_object_or_404(CatalogueItem, pk=pk)
    return lists.for_item(catalogue_item).respond(
        request,
        "disclosure/item.html",
        {
            "item": catalogue_item,
            "ancestors": _ancestors(catalogue_item),
            "children": catalogue_item.children.order_by("order", "code"),
            "tree": queries.catalogue_tree(),
        },
    )


def _ancestors(item: CatalogueItem) -> list[CatalogueItem]:
    chain = []
    parent = item.parent
    while parent is not None:
        chain.insert(0, parent)
        parent = parent.parent
    return chain


def _newest_first(documents) -> list:
    """A document's few related documents, newest first, sorted here: with the model's ordering in the
    query SQLite walks the (status, published_at) index over every published document (about a second
    at 50,000) instead of using the foreign key's index (bench/bench_sitecheck.py)."""
    return sorted(documents.order_by(), key=lambda d: (d.published_at, d.pk), reverse=True)


@require_safe
def document(request, index_number: str):
    record = get_object_or_404(
        Document.objects.public_record().select_related("catalogue_item", "repealed_by"),
        index_number=index_number,
    )
    context = {
        "document": record,
        "ancestors": _ancestors(record.catalogue_item),
        "change": record.latest_change(),
        "replacement": next(
            iter(_newest_first(Document.objects.published().filter(supersedes=record))), None
        ),
        "replaced": Document.objects.public_record().filter(pk=record.supersedes_id).first(),
    }
    if record.status == Status.PUBLISHED:
        published = Document.objects.published()
        context.update(
            attachments=record.current_attachments(),
            interpretations=_newest_first(published.filter(pk__in=record.interpretations.values("pk"))),
            policies=_newest_first(published.filter(pk__in=record.interprets.values("pk"))),
            repealed_by=published.filter(pk=record.repealed_by_id).first(),
            repeals=_newest_first(published.filter(repealed_by=record)),
        )
    return render(request, "disclosure/document.html", context)


@require_safe
def attachment(request, pk: int):
    """The public copy of an attachment of a published document: the redacted rendition when
    anything in it was redacted, else the original."""
    file = get_object_or_404(
        Attachment, pk=pk, retired_in__isnull=True, document__in=Document.objects.published()
    )
    return attachment_response(file, public=True)


def attachment_response(file: Attachment, *, public: bool, inline: bool = True) -> FileResponse:
    if public and file.redacted_file:
        stored, content_type, name = file.redacted_file, FileType.PDF.content_type, file.public_name
    else:
        stored = file.file
        content_type = FileType(file.file_type).content_type
        name = file.public_name if public else file.name
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    shown_inline = inline and content_type in ("application/pdf", "image/png", "image/jpeg")
    disposition = "inline" if shown_inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def search_page(request):
    form = SearchForm(request.GET or None)
    query = ""
    results, page, terms, capped = [], None, [], False
    exact, sections = [], []
    if form.is_valid():
        query = form.cleaned_data.get("q", "").strip()
    if query:
        exact = queries.by_reference(query)
        if len(exact) == 1 and request.GET.get("page") is None and "export" not in request.GET:
            return redirect(exact[0].get_absolute_url())  # an 索引号 or 文号: straight to its document
        sections = menu.sections_matching(query)
        filters = form.filters()
        order = filters.pop("order", RELEVANCE)
        filters.pop("q", None)
        filters.pop("sort", None)
        documents, terms = search.search(query, order=order, filters=filters)
        exported = lists.DOCUMENTS.variant(filename="search").export_if_asked(request, documents)
        if exported:
            return exported
        page = paginate(request, documents, PER_PAGE)
        results = search.highlighted(page.object_list, terms)
        capped = documents.capped
    return render(
        request,
        "disclosure/search.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "results": results,
            "terms": terms,
            "capped": capped,
            "exact": exact,
            "sections": sections,
        },
    )
