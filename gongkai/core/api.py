"""The API twin of every declared list (gongkai/core/lists.py): GET /api/v1/lists/{name} answers
the list's rows as JSON pages, with the same columns, filters (same query parameters as the page)
and ordering as its HTML table and export. A staff list needs a signed-in user holding the list's
permission."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.core import lists

router = Router(tags=["列表"])


class ListPage(Schema):
    count: int
    page: int
    pages: int
    results: list[dict]


class ListInfo(Schema):
    name: str
    columns: list[dict] = Field(description="key 与 label（当前语言）")
    filters: list[str]
    orderings: list[str]


@router.get("/lists", response=list[ListInfo], summary="可查询的列表及其列")
def list_index(request: HttpRequest):
    lists.autodiscover()
    user = request.user
    return [
        {
            "name": declared.name,
            "columns": [{"key": c.key, "label": str(c.label)} for c in declared.columns_for(lists.API)],
            "filters": [f.name for f in declared.filters],
            "orderings": [o.key for o in declared.orderings],
        }
        for declared in lists.all_registered()
        if not declared.permission or user.has_perm(declared.permission)
    ]


@router.get("/lists/{name}", response={200: ListPage}, summary="列表数据（与页面同列、同筛选条件）")
def list_rows(
    request: HttpRequest,
    name: str = Path(..., max_length=50, pattern=r"^[a-z0-9_.-]+$"),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(30, ge=1, le=lists.MAX_API_PAGE_SIZE),
):
    lists.autodiscover()
    declared = lists.registered(name)
    if declared is None:
        raise HttpError(404, _("没有名为 %(name)s 的列表。") % {"name": name})
    declared = declared.for_user(request.user)
    if declared.permission and not request.user.is_authenticated:
        raise HttpError(401, _("请先登录。"))
    if declared.permission and not request.user.has_perm(declared.permission):
        raise HttpError(403, _("没有查看该列表的权限。"))
    return declared.api_page(request, page=max(1, page), page_size=page_size)
