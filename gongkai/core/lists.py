"""Declared lists: a list is declared once — columns, filters, orderings, permission — and that one
declaration drives the HTML table, the CSV/XLSX export and the API twin.

    USERS = DeclaredList(
        name="core-users",
        source=lambda request, params: User.objects.order_by("username"),
        columns=(Column("username", _("用户名"), "username", link=...), ...),
        filters=(Filter("q", _("关键词"), search=("username", "full_name")), ...),
        permission="core.view_user",
        filename="users",
    )

    @staff_view("core.view_user")
    def user_list(request):
        return USERS.respond(request, "core/staff/user_list.html")

`respond` answers `?export=csv|xlsx` with the file (filters and ordering applied, at most
`max_export_rows` rows), an htmx request for the table with the table partial, and anything else
with the page. `api_page` gives the same rows as JSON pages; every registered list is also served
at /api/v1/lists/{name} (gongkai/core/api.py). A view that needs other columns for some users uses
`variant(...)` (e.g. the applicant's full name only for staff who may see it)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from gongkai.core.listing import EXPORT_FORMATS, MAX_EXPORT_ROWS, export_response, paginate

HTML, EXPORT, API = "html", "export", "api"
EVERYWHERE = frozenset({HTML, EXPORT, API})
MAX_API_PAGE_SIZE = 100
ALL = _("全部")
NOTHING_FOUND = _("没有符合条件的记录。")

Accessor = str | Callable[[Any], Any]


def resolve(row: Any, accessor: Accessor) -> Any:
    """`accessor` is a callable of the row or a dotted path ("station.code"); a callable found on
    the path (get_status_display) is called."""
    if callable(accessor):
        return accessor(row)
    value = row
    for part in accessor.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part)
        if callable(value):
            value = value()
    return value


def display(value: Any) -> Any:
    """How a cell shows in the HTML table when the column says nothing else."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def api_value(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo:
        return timezone.localtime(value).isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


@dataclasses.dataclass(frozen=True)
class Column:
    """One column. `label` is the heading (gettext_lazy: Chinese with an English translation);
    `header` overrides the export heading where an exchange format fixes it (e.g. "station").
    `value` gives the raw value (export and API); `html` and `export` format it for one output;
    `link` gives the cell's href in the table (to holders of `link_permission`); `only` limits the
    outputs the column appears in."""

    key: str
    label: Any
    value: Accessor | None = None
    html: Callable[[Any], Any] | None = None
    export: Callable[[Any], Any] | None = None
    api: Callable[[Any], Any] | None = None
    link: Callable[[Any], str] | None = None
    link_permission: str | None = None  # the link shows only to users holding it
    header: Any = None
    absolute: bool = False  # the value is a site path: export and API give the absolute URL
    numeric: bool = False
    blank: str = "-"  # what an empty cell shows in the table
    only: frozenset[str] = EVERYWHERE

    def raw(self, row: Any) -> Any:
        return resolve(row, self.value if self.value is not None else self.key)


@dataclasses.dataclass(frozen=True)
class Filter:
    """A query parameter of the list. With `lookup` (a field lookup), `search` (fields matched with
    icontains) or `apply(queryset, value)` the list applies it; without, the list's `source`
    reads it from the parameters itself and the declaration only renders the control.
    `choices` (pairs, or a callable giving them) makes a select and rejects other values."""

    name: str
    label: Any
    kind: str = "select"  # select | search | date | text | checkbox (value "1")
    choices: Sequence[tuple[str, Any]] | Callable[[], Iterable[tuple[str, Any]]] | None = None
    lookup: str | None = None
    search: tuple[str, ...] = ()
    apply: Callable[[QuerySet, str], QuerySet] | None = None
    empty_label: Any = ALL

    def groups(self) -> list[tuple[Any, list[tuple[str, Any]]]]:
        """[(group label or None, [(code, label), …])]: a choice whose label is a sequence of pairs
        is an <optgroup>, as in Django's choices."""
        choices = self.choices() if callable(self.choices) else self.choices
        groups: list[tuple[Any, list[tuple[str, Any]]]] = []
        for code, label in choices or ():
            if isinstance(label, (list, tuple)):
                groups.append((code, [(str(c), text) for c, text in label]))
            elif groups and groups[-1][0] is None:
                groups[-1][1].append((str(code), label))
            else:
                groups.append((None, [(str(code), label)]))
        return groups

    def options(self) -> list[tuple[str, Any]]:
        return [option for _group, options in self.groups() for option in options]

    def clean(self, params: Mapping) -> str:
        # NUL never reaches a query: PostgreSQL refuses it in text (a 500 otherwise).
        value = str(params.get(self.name, "") or "").replace("\x00", "").strip()[:200]
        if value and self.choices is not None and value not in {code for code, _label in self.options()}:
            return ""
        return value

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        if not value:
            return queryset
        if self.apply is not None:
            return self.apply(queryset, value)
        if self.search:
            condition = Q()
            for field in self.search:
                condition |= Q(**{f"{field}__icontains": value})
            return queryset.filter(condition)
        if self.lookup:
            return queryset.filter(**{self.lookup: value})
        return queryset


@dataclasses.dataclass(frozen=True)
class Ordering:
    """A choice of `?sort=`; the first declared is the default."""

    key: str
    label: Any
    order_by: tuple[str, ...]


@dataclasses.dataclass
class Cell:
    text: Any
    link: str = ""
    numeric: bool = False


@dataclasses.dataclass
class Table:
    """What the templates get as `table`."""

    declared: DeclaredList
    page: Any
    headings: list[Column]
    rows: list[tuple[Any, list[Cell]]]
    filters: list[tuple[Filter, str]]
    sort: str
    form: Any = None

    html_id: str = ""

    @property
    def id(self) -> str:
        return self.html_id or self.declared.html_id


@dataclasses.dataclass(frozen=True)
class DeclaredList:
    name: str
    columns: tuple[Column, ...]
    source: Callable[[HttpRequest | None, Mapping], Any]
    filters: tuple[Filter, ...] = ()
    orderings: tuple[Ordering, ...] = ()
    permission: str | None = None
    per_page: int = 30
    filename: str | Callable[[Mapping], str] = "export"
    max_export_rows: int = MAX_EXPORT_ROWS
    empty: Any = NOTHING_FOUND
    caption: Any = ""
    table_template: str = "includes/list_table.html"
    form: Any = None  # a Form class whose fields are the filter controls (the source applies them)
    html_columns: tuple[str, ...] | None = None  # the table's columns and their order, if not all
    audience: Callable[[Any], DeclaredList] | None = None  # picks the variant a user sees
    # An audit action recorded whenever the rows leave the console (export, API): lists that
    # carry personal data (GB/T 22239-2019 8.1.4.3 a: audit covers access to important data).
    audit_reads: str = ""

    def for_user(self, user) -> DeclaredList:
        """The variant of this list that `user` sees (e.g. applicants' names in full or masked)."""
        return self.audience(user) if self.audience is not None else self

    def variant(self, **changes) -> DeclaredList:
        """The same list with some parts replaced (columns for another audience, another source)."""
        return dataclasses.replace(self, **changes)

    @property
    def html_id(self) -> str:
        return f"list-{self.name}"

    def columns_for(self, output: str) -> list[Column]:
        if output == HTML and self.html_columns is not None:
            by_key = {column.key: column for column in self.columns}
            return [by_key[key] for key in self.html_columns]
        return [column for column in self.columns if output in column.only]

    # --- rows -------------------------------------------------------------------------------

    def check(self, user) -> None:
        if self.permission and not (user and user.has_perm(self.permission)):
            raise PermissionDenied

    def rows(self, request: HttpRequest | None, params: Mapping) -> Any:
        """The filtered, ordered rows (a queryset when the source gives one)."""
        params = _without_nul(params)  # sources read raw parameters too
        rows = self.source(request, params)
        for declared in self.filters:
            rows = declared.filter(rows, declared.clean(params))
        ordering = self.ordering(params)
        if ordering is not None and isinstance(rows, QuerySet):
            rows = rows.order_by(*ordering.order_by)
        return rows

    def ordering(self, params: Mapping) -> Ordering | None:
        wanted = params.get("sort", "")
        return next(
            (o for o in self.orderings if o.key == wanted), self.orderings[0] if self.orderings else None
        )

    # --- outputs ----------------------------------------------------------------------------

    def respond(
        self, request: HttpRequest, template: str, context: dict | Callable[[], dict] | None = None
    ) -> HttpResponse:
        """The page, its table alone for htmx, or the export the request asks for. `context` may be
        a function, called only when a page is rendered (an export does not pay for a chart)."""
        self.check(request.user)
        rows = self.rows(request, request.GET)
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return self.export(request, rows, fmt)
        table = self.table(request, rows)
        extra = context() if callable(context) else context
        context = {**(extra or {}), "table": table, "page": table.page}
        if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == self.html_id:
            response = render(request, self.table_template, context)
        else:
            response = render(request, template, context)
        patch_vary_headers(response, ("HX-Request",))
        return response

    def export_if_asked(self, request: HttpRequest, rows: Any = None) -> HttpResponse | None:
        """For a report page that renders its own table: the export when `?export=` asks for one
        (of `rows`, else of the declared source), otherwise None."""
        fmt = request.GET.get("export")
        if fmt not in EXPORT_FORMATS:
            return None
        self.check(request.user)
        return self.export(request, self.rows(request, request.GET) if rows is None else rows, fmt)

    def audit_read(self, request: HttpRequest, *, output: str, params: Mapping) -> None:
        """Record who took the rows out of the console, in what form and with which filters."""
        if not self.audit_reads:
            return
        from gongkai.audit.services import record

        user = getattr(request, "user", None)
        record(
            actor=user,
            action=self.audit_reads,
            target=("list", self.name, str(self.caption or self.name)),
            after={
                "output": output,
                "filters": {
                    key: params.get(key) for key in sorted(params) if key != "export" and params.get(key)
                },
            },
        )

    def export(self, request: HttpRequest, rows: Any, fmt: str) -> HttpResponse:
        self.audit_read(request, output=fmt, params=request.GET)
        columns = self.columns_for(EXPORT)
        if hasattr(rows, "iterator"):  # a queryset, or search results that stream the same way
            rows = rows.iterator(chunk_size=1000)
        filename = self.filename(request.GET) if callable(self.filename) else self.filename
        return export_response(
            fmt=fmt,
            filename=filename,
            headers=[str(column.header or column.label) for column in columns],
            rows=(
                [self._export_value(request, column, row) for column in columns]
                for row in islice(rows, self.max_export_rows)
            ),
        )

    def table(self, request: HttpRequest, rows: Any) -> Table:
        page = paginate(request, rows, per_page=self.per_page)
        return Table(
            declared=self,
            page=page,
            headings=self.columns_for(HTML),
            rows=self._html_rows(request, page.object_list),
            filters=[(declared, declared.clean(request.GET)) for declared in self.filters],
            sort=(self.ordering(request.GET).key if self.orderings else ""),
            form=self.form(request.GET or None) if self.form is not None else None,
        )

    def static_table(self, request: HttpRequest, rows: Iterable, *, suffix: str) -> Table:
        """The table of some rows without filters, pages or export links (a dashboard section):
        `{% include "includes/list_table.html" with table=… %}`; `suffix` keeps the id unique."""
        return Table(
            declared=self,
            page=None,
            headings=self.columns_for(HTML),
            rows=self._html_rows(request, rows),
            filters=[],
            sort="",
            html_id=f"{self.html_id}-{suffix}",
        )

    def _html_rows(self, request: HttpRequest, rows: Iterable) -> list[tuple[Any, list[Cell]]]:
        columns = self.columns_for(HTML)
        user = getattr(request, "user", None)
        linked = {
            c.key: bool(c.link and (not c.link_permission or (user and user.has_perm(c.link_permission))))
            for c in columns
        }
        return [(row, [self._cell(column, row, linked[column.key]) for column in columns]) for row in rows]

    def api_page(
        self,
        request: HttpRequest,
        params: Mapping | None = None,
        *,
        page: int = 1,
        page_size: int | None = None,
    ) -> dict:
        """{count, page, pages, results}: the rows of one page, keyed by column key."""
        self.check(getattr(request, "user", None))
        params = request.GET if params is None else params
        self.audit_read(request, output=f"api page {page}", params=params)
        return self.api_results(request, self.rows(request, params), page=page, page_size=page_size)

    def api_results(
        self, request: HttpRequest, rows: Any, *, page: int = 1, page_size: int | None = None
    ) -> dict:
        """One page of already filtered rows, for an API endpoint that parses its own parameters."""
        size = max(1, min(page_size or self.per_page, MAX_API_PAGE_SIZE))
        if isinstance(rows, (list, tuple)) or not hasattr(rows, "count"):
            rows = list(rows)
            count = len(rows)
        else:
            count = rows.count()  # a queryset, or search results that count without loading
        pages = max(1, math.ceil(count / size))
        start = (max(1, page) - 1) * size
        return {
            "count": count,
            "page": page,
            "pages": pages,
            "results": [self.api_row(request, row) for row in rows[start : start + size]],
        }

    def api_row(self, request: HttpRequest, row: Any) -> dict:
        out = {}
        for column in self.columns_for(API):
            raw = column.raw(row)
            if column.api is not None:
                out[column.key] = column.api(raw)
            elif column.absolute and raw:
                out[column.key] = request.build_absolute_uri(raw)
            else:
                out[column.key] = api_value(raw)
        return out

    def _export_value(self, request, column: Column, row: Any) -> Any:
        raw = column.raw(row)
        if column.export is not None:
            return column.export(raw)
        if column.absolute and raw:
            return request.build_absolute_uri(raw)
        if isinstance(raw, bool):
            return str(_("是") if raw else _("否"))
        return raw

    def _cell(self, column: Column, row: Any, linked: bool) -> Cell:
        raw = column.raw(row)
        if column.html is not None:
            text = column.html(raw)
        else:
            text = display(raw)
            text = column.blank if text == "-" else text
        return Cell(text=text, link=column.link(row) if linked else "", numeric=column.numeric)


# --- registry: every declared list has an API twin at /api/v1/lists/{name} ---------------------

_REGISTRY: dict[str, DeclaredList] = {}


def register(declared: DeclaredList) -> DeclaredList:
    _REGISTRY[declared.name] = declared
    return declared


def registered(name: str) -> DeclaredList | None:
    return _REGISTRY.get(name)


def all_registered() -> list[DeclaredList]:
    return sorted(_REGISTRY.values(), key=lambda declared: declared.name)


def autodiscover() -> None:
    """Import every project app's `lists` module, which registers its lists (core's own live in
    core/user_lists.py, this module being the framework)."""
    import importlib

    from gongkai.core.plugins import import_submodule, project_apps

    importlib.import_module("gongkai.core.user_lists")
    for app_config in project_apps():
        import_submodule(app_config, "lists")


def _without_nul(params: Mapping) -> Mapping:
    """The parameters with NUL removed from every value: PostgreSQL refuses NUL in text (a 500 otherwise)."""
    if isinstance(params, QueryDict):
        if not any("\x00" in value for values in params.lists() for value in values[1]):
            return params
        clean = params.copy()
        for key, values in params.lists():
            clean.setlist(key, [value.replace("\x00", "") for value in values])
        return clean
    if not any(isinstance(value, str) and "\x00" in value for value in params.values()):
        return params
    return {
        key: value.replace("\x00", "") if isinstance(value, str) else value for key, value in params.items()
    }
