"""The 主动公开 API (in the OpenAPI document at /api/v1/docs); twins of the public pages, so it shows
exactly what the site shows (published documents only, public copies of bodies and files).

- GET /api/v1/catalogue — the 基本目录 with every attribute and the number of published documents.
- GET /api/v1/documents — the list with the page's filters (item, subject, doc_type, organ, year,
  validity), sorting and pagination.
- GET /api/v1/documents/{index_number} — one document with its attachments and related documents;
  404 for anything not published (a withdrawn one answers 410 with the public reason).
- GET /api/v1/search?q=… — full-text search with highlighted title and passage, same filters,
  order=relevance|date.
- GET /api/v1/statistics/normative-documents?year=YYYY — annual-report table 二, 第二十条第（一）项."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.disclosure import lists, queries
from gongkai.disclosure.models import CatalogueItem, DocType, Document, Status, Subject, Validity
from gongkai.disclosure.search import service as search
from gongkai.disclosure.search.backends import DATE, RELEVANCE

router = Router(tags=["主动公开"])

MAX_PAGE_SIZE = 100


class CatalogueItemOut(Schema):
    code: str = Field(description="编码")
    name: str = Field(description="公开事项")
    parent_code: str | None = Field(description="上级事项编码")
    content: str = Field(description="公开内容（要素）")
    basis: str = Field(description="公开依据")
    time_limit_days: int | None = Field(description="公开时限（工作日）；null 表示无法定时限")
    time_limit_start: str = Field(
        description="时限起算：formed 自信息形成或者变更之日；request 自收到申请之日"
    )
    time_limit_text: str = Field(description="公开时限（文字）")
    department: str = Field(description="公开主体")
    channels: list[str] = Field(description="公开渠道和载体")
    audience: str = Field(description="公开对象")
    method: str = Field(description="公开方式")
    level: str = Field(description="公开层级")
    documents: int = Field(description="已发布文件数（含下级事项）")
    url: str


class DocumentOut(Schema):
    index_number: str = Field(description="索引号")
    title: str = Field(description="标题")
    url: str
    catalogue_code: str = Field(description="目录事项编码")
    catalogue_item: str = Field(description="目录事项")
    issuing_organ: str = Field(description="发布机构")
    document_number: str = Field(description="文号")
    date_formed: date = Field(description="成文日期")
    published_at: datetime = Field(description="发布时间")
    subject: str = Field(description="主题分类")
    doc_type: str = Field(
        description="文件类型：regulation 规章、normative 行政规范性文件、other、interpretation 政策解读"
    )
    doc_type_label: str
    validity: str = Field(description="有效性：valid 有效、expired 失效、repealed 废止；非规范性文件为空")
    ceased_on: date | None = Field(
        description="失效/废止日期（可为将来的日期：届时失效或废止，此前 validity 为 valid）"
    )
    effective_on: date | None = Field(description="施行日期")
    valid_until: date | None = Field(description="有效期至（届满次日起 validity 为 expired）")


class AttachmentOut(Schema):
    name: str
    url: str
    file_type: str


class RelatedOut(Schema):
    index_number: str
    title: str
    url: str


class DocumentDetailOut(DocumentOut):
    body_html: str = Field(description="正文（已清理的 HTML，个人信息已脱敏）")
    attachments: list[AttachmentOut]
    interpretations: list[RelatedOut] = Field(description="相关解读")
    interprets: list[RelatedOut] = Field(description="解读的政策文件")
    interpretation_form: str = Field(description="解读形式：text、graphic、media")
    repealed_by: RelatedOut | None = Field(description="废止本文件的文件")
    repealed_by_title: str
    revision: int = Field(description="版本（首次发布为1）")
    updated_at: datetime | None = Field(description="更新日期：最近一次修订的发布时间；未修订为空")
    revision_note: str = Field(description="修订说明：最近一次修订的原因；未修订为空")
    changed_on: date | None = Field(description="变更日期（条例第二十六条：公开时限自变更之日起计算）")
    supersedes: RelatedOut | None = Field(description="本文件更正并替代的（已撤回的）文件")


class DocumentPage(Schema):
    count: int
    page: int
    pages: int
    results: list[DocumentOut]


class SearchResultOut(DocumentOut):
    score: float = Field(description="相关度（越大越相关）")
    title_html: str = Field(description="标题，检索词以 <mark> 标出")
    snippet_html: str = Field(description="最相关的一段文字，检索词以 <mark> 标出")


class SearchPage(Schema):
    query: str
    terms: list[str] = Field(description="分词后的检索词")
    count: int = Field(description="匹配的文件数，最多计到10000")
    count_capped: bool = Field(description="匹配超过10000件（count 为10000，分页到此为止）")
    page: int
    pages: int
    results: list[SearchResultOut]


class Filters(Schema):
    # The constraints the API enforces, declared in the OpenAPI document (issue 11).
    item: str = Field("", description="目录事项编码（含下级事项）；编码不存在时为404", max_length=50)
    subject: Literal[("", *Subject.values)] = Field("", description="主题分类")  # type: ignore[valid-type]
    doc_type: Literal[("", *DocType.values)] = Field("", description="文件类型")  # type: ignore[valid-type]
    organ: str = Field("", description="发布机构", max_length=100)
    year: int | None = Field(None, description="发布年份", ge=1900, le=2100)
    validity: Literal[("", *Validity.values)] = Field("", description="有效性")  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class ListFilters(Filters):
    sort: Literal["-published", "published", "-formed", "formed", "title"] = "-published"


class SearchFilters(Filters):
    q: str = Field(description="检索词，多个以空格分隔", min_length=1, max_length=100)
    order: Literal["relevance", "date"] = RELEVANCE


class Table2RowOut(Schema):
    label: str = Field(description="信息内容")
    issued: int = Field(description="本年制发件数")
    repealed: int = Field(description="本年废止件数")
    in_force: int = Field(description="现行有效件数")


class Table2Out(Schema):
    year: int
    block: str
    rows: list[Table2RowOut]


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _document(request, document: Document) -> dict:
    return lists.DOCUMENTS.api_row(request, document)


def _related(request, document: Document) -> dict:
    return {
        "index_number": document.index_number,
        "title": document.title,
        "url": _absolute(request, document.get_absolute_url()),
    }


def _filter_kwargs(filters: Filters) -> dict:
    item = None
    if filters.item:
        item = CatalogueItem.objects.filter(code=filters.item).first()
        if item is None:
            raise HttpError(404, _("目录事项编码“%(c)s”不存在。") % {"c": filters.item})
    return {
        "item": item,
        "subject": filters.subject,
        "doc_type": filters.doc_type,
        "organ": filters.organ,
        "year": filters.year,
        "validity": filters.validity,
    }


def _page(queryset, filters: Filters):
    count = queryset.count()
    pages = max(1, math.ceil(count / filters.page_size))
    start = (filters.page - 1) * filters.page_size
    return count, pages, list(queryset[start : start + filters.page_size])


@router.get("/catalogue", response=list[CatalogueItemOut], summary="基本目录")
def catalogue(request):
    out = []
    for node in queries.flatten(queries.catalogue_tree()):
        item = node.item
        out.append(
            {
                "code": item.code,
                "name": item.name,
                "parent_code": item.code.rsplit(".", 1)[0] if "." in item.code else None,
                "content": item.content,
                "basis": item.basis,
                "time_limit_days": item.time_limit_days,
                "time_limit_start": item.time_limit_start,
                "time_limit_text": item.time_limit_text,
                "department": item.department,
                "channels": item.channels,
                "audience": item.audience,
                "method": item.method,
                "level": item.level,
                "documents": node.count,
                "url": _absolute(request, item.get_absolute_url()),
            }
        )
    return out


@router.get("/documents", response=DocumentPage, summary="主动公开文件列表")
def documents(request, filters: Query[ListFilters]):
    queryset = queries.public_documents(sort=filters.sort, **_filter_kwargs(filters))
    return lists.DOCUMENTS.api_results(request, queryset, page=filters.page, page_size=filters.page_size)


@router.get("/documents/{path:index_number}", response=DocumentDetailOut, summary="主动公开文件")
def document(request, index_number: str):
    record = get_object_or_404(
        Document.objects.public_record().select_related("catalogue_item"), index_number=index_number
    )
    if record.status == Status.WITHDRAWN:
        raise HttpError(410, _("该信息已撤回：%(r)s") % {"r": record.withdrawal_reason})
    published = Document.objects.published().select_related("catalogue_item")
    repealed_by = published.filter(pk=record.repealed_by_id).first()
    change = record.latest_change()
    replaced = Document.objects.public_record().filter(pk=record.supersedes_id).first()
    return {
        **_document(request, record),
        "body_html": record.body_public,
        "attachments": [
            {
                "name": attachment.public_name,
                "url": _absolute(request, attachment.get_absolute_url()),
                "file_type": "pdf" if attachment.redacted_file else attachment.file_type,
            }
            for attachment in record.current_attachments()
        ],
        "interpretations": [
            _related(request, d) for d in published.filter(pk__in=record.interpretations.values("pk"))
        ],
        "interprets": [_related(request, d) for d in published.filter(pk__in=record.interprets.values("pk"))],
        "interpretation_form": record.interpretation_form,
        "repealed_by": _related(request, repealed_by) if repealed_by else None,
        "repealed_by_title": record.repealed_by_title,
        "revision": record.revision,
        "updated_at": change.published_at if change else None,
        "revision_note": change.reason if change else "",
        "changed_on": change.changed_on if change else None,
        "supersedes": _related(request, replaced) if replaced else None,
    }


@router.get("/search", response=SearchPage, summary="全文检索")
def search_documents(request, filters: Query[SearchFilters]):
    found, terms = search.search(
        filters.q, order=DATE if filters.order == DATE else RELEVANCE, filters=_filter_kwargs(filters)
    )
    count, pages, rows = _page(found, filters)
    results = [
        {
            **_document(request, result.document),
            "score": float(getattr(result.document, "search_score", 0.0) or 0.0),
            "title_html": str(result.title),
            "snippet_html": str(result.snippet),
        }
        for result in search.highlighted(rows, terms)
    ]
    return {
        "query": filters.q,
        "terms": terms,
        "count": count,
        "count_capped": found.capped,
        "page": filters.page,
        "pages": pages,
        "results": results,
    }


@router.get("/statistics/normative-documents", response=Table2Out, summary="年报表二：规章和行政规范性文件")
def normative_figures(request, year: int = Query(..., ge=2000, le=2100, description="年份")):
    rows = queries.table2(year=year)
    return {
        "year": year,
        "block": "第二十条第（一）项",
        "rows": [
            {"label": row.label, "issued": row.issued, "repealed": row.repealed, "in_force": row.in_force}
            for row in rows
        ],
    }
