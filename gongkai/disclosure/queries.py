"""Read-side helpers of 主动公开: the public list with its filters and sorting, the catalogue tree,
timeliness statistics and the annual-report figures. Public helpers start from
`Document.objects.published()`, so that no draft can reach a public page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from gongkai.disclosure import figures
from gongkai.disclosure.models import (
    LONG_TEXT_FIELDS,
    CatalogueItem,
    Document,
    Status,
    TimeLimitStart,
    Validity,
)

SORTS = {
    "-published": ("-published_at", "-pk"),
    "published": ("published_at", "pk"),
    "-formed": ("-date_formed", "-pk"),
    "formed": ("date_formed", "pk"),
    "title": ("title", "pk"),
}
DEFAULT_SORT = "-published"


# 文号 are typed with whatever brackets and spaces a keyboard gives: 〔2026〕, [2026], （2026）…
_REFERENCE_BRACKETS = str.maketrans(dict.fromkeys("[［(（【", "〔") | dict.fromkeys("]］)）】", "〕"))


def normalise_reference(text: str) -> str:
    return "".join(text.split()).translate(_REFERENCE_BRACKETS)


def by_reference(query: str) -> list[Document]:
    """Published documents whose 索引号 or 文号 is exactly the query (brackets and spaces aside):
    a citizen who types an identifier wants that document, not everything that mentions it."""
    reference = normalise_reference(query)
    if len(reference) < 4 or len(reference) > 100:
        return []
    by_index = list(Document.objects.published().filter(index_number__iexact=reference))
    if by_index:
        return by_index
    candidates = Document.objects.published().filter(document_number__contains=reference[-6:])
    return [doc for doc in candidates[:50] if normalise_reference(doc.document_number) == reference]


def public_documents(
    *,
    item: CatalogueItem | None = None,
    subject: str = "",
    doc_type: str = "",
    organ: str = "",
    year: int | None = None,
    validity: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet:
    """Published documents under the filters of the public list, its API twin and its exports."""
    documents = Document.objects.published().select_related("catalogue_item").defer(*LONG_TEXT_FIELDS)
    if item is not None:
        documents = documents.filter(catalogue_item_id__in=item.descendant_ids())
    if subject:
        documents = documents.filter(subject=subject)
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if organ:
        documents = documents.filter(issuing_organ=organ)
    if year:
        start = timezone.make_aware(datetime(year, 1, 1))
        end = timezone.make_aware(datetime(year + 1, 1, 1))
        documents = documents.filter(published_at__gte=start, published_at__lt=end)
    if validity:
        documents = documents.filter(validity_in_force(validity))
    return documents.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def validity_in_force(validity: str, day: date | None = None) -> Q:
    """Documents whose validity on `day` (today) is `validity` (Document.validity_on, as a query): a
    future 失效/废止 date is still 有效; a 有效 document past its 有效期至 has 失效."""
    day = day or timezone.localdate()
    ceased = Q(validity__in=[Validity.EXPIRED, Validity.REPEALED], ceased_on__lte=day) | Q(
        validity__in=[Validity.EXPIRED, Validity.REPEALED], ceased_on__isnull=True
    )
    scheduled = Q(validity__in=[Validity.EXPIRED, Validity.REPEALED], ceased_on__gt=day)
    lapsed = Q(validity=Validity.VALID, valid_until__lt=day)
    if validity == Validity.VALID:
        return (Q(validity=Validity.VALID) & ~lapsed) | scheduled
    if validity == Validity.EXPIRED:
        return (ceased & Q(validity=Validity.EXPIRED)) | lapsed
    return ceased & Q(validity=validity)


def validity_transitions(day: date | None = None) -> QuerySet:
    """Published documents whose validity changed in the last week (a scheduled 失效/废止 or an
    有效期至 that ran out): their search facets are refreshed daily."""
    day = day or timezone.localdate()
    week = day - timedelta(days=7)
    return (
        Document.objects.published()
        .normative()
        .filter(Q(ceased_on__gt=week, ceased_on__lte=day) | Q(valid_until__gte=week, valid_until__lt=day))
    )


def expiring_normative_documents(day: date | None = None) -> QuerySet:
    """Published 有效 规范性文件 whose 有效期至 ends within DISCLOSURE_EXPIRY_WARN_DAYS days (default 90,
    the bureau's own reminder period, not a statutory figure): to be evaluated, extended or replaced."""
    day = day or timezone.localdate()
    horizon = day + timedelta(days=int(getattr(settings, "DISCLOSURE_EXPIRY_WARN_DAYS", 90)))
    return (
        Document.objects.published()
        .normative()
        .filter(validity=Validity.VALID, valid_until__gte=day, valid_until__lte=horizon)
        .order_by("valid_until", "pk")
    )


# Lists every public page needs (filter choices, the tree's counts) scan all published documents;
# they are cached until the next publication, withdrawal or catalogue change (`published_changed`).
CACHE_SECONDS = 3600
_GENERATION = "disclosure:generation"


def _bump() -> None:
    try:
        cache.incr(_GENERATION)
    except ValueError:
        cache.set(_GENERATION, 1, None)


def published_changed() -> None:
    """Call inside the transaction that changes anything public. The cached lists are rebuilt on
    next use in every process (the cache is shared: the database cache, or Redis): once now, and
    once more after the commit, so that a list computed in between is not kept."""
    _bump()
    transaction.on_commit(_bump)


def _cached(name: str, compute):
    key = f"disclosure:{name}:{cache.get_or_set(_GENERATION, 1, None)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def organs() -> list[str]:
    return _cached(
        "organs",
        lambda: list(
            Document.objects.published()
            .order_by("issuing_organ")
            .values_list("issuing_organ", flat=True)
            .distinct()
        ),
    )


def publication_years() -> list[int]:
    return _cached(
        "years",
        lambda: [
            day.year for day in Document.objects.published().dates("published_at", "year", order="DESC")
        ],
    )


@dataclass
class TreeNode:
    item: CatalogueItem
    count: int = 0  # published documents of the item and its descendants
    latest: list[Document] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)


def catalogue_tree(*, latest: int = 0) -> list[TreeNode]:
    """The catalogue as a tree with published-document counts; `latest` newest documents each."""
    items = list(CatalogueItem.objects.order_by("code"))
    own = _cached(
        "counts",
        lambda: dict(
            Document.objects.published()
            .values("catalogue_item")
            .annotate(n=Count("pk"))
            .values_list("catalogue_item", "n")
        ),
    )
    nodes = {item.pk: TreeNode(item, own.get(item.pk, 0)) for item in items}
    roots = []
    for item in items:
        node = nodes[item.pk]
        (nodes[item.parent_id].children if item.parent_id in nodes else roots).append(node)
    for item in sorted(items, key=lambda it: -it.depth):  # children before parents
        if item.parent_id in nodes:
            nodes[item.parent_id].count += nodes[item.pk].count
    for nodes_list in _walk(roots):
        nodes_list.sort(key=lambda node: (node.item.order, node.item.code))
    if latest:
        for node in nodes.values():
            if node.count:
                node.latest = list(
                    Document.objects.published()
                    .filter(catalogue_item_id__in=node.item.descendant_ids())
                    .order_by("-published_at", "-pk")[:latest]
                )
    return roots


def _walk(nodes: list[TreeNode]):
    yield nodes
    for node in nodes:
        yield from _walk(node.children)


def flatten(tree: list[TreeNode]) -> list[TreeNode]:
    out = []
    for node in tree:
        out.append(node)
        out.extend(flatten(node.children))
    return out


# --- timeliness -------------------------------------------------------------------------------


def _publications():
    """Every first publication (withdrawn documents included: they were published)."""
    return Document.objects.filter(
        revision_of__isnull=True, status__in=[Status.PUBLISHED, Status.WITHDRAWN], published_at__isnull=False
    )


@dataclass(frozen=True)
class TimelinessRow:
    department: str
    month: int
    published: int
    late: int


def timeliness_table(*, year: int) -> list[TimelinessRow]:
    """Publications and late publications per department (承办处室) and month of publication."""
    rows = (
        _publications()
        .annotate(year=ExtractYear("published_at"), month=ExtractMonth("published_at"))
        .filter(year=year)
        .values("department", "month")
        .annotate(published=Count("pk"), late_count=Count("pk", filter=Q(late=True)))
        .order_by("department", "month")
    )
    return [
        TimelinessRow(row["department"], row["month"], row["published"], row["late_count"]) for row in rows
    ]


def late_documents(*, year: int | None = None) -> QuerySet:
    documents = _publications().filter(late=True).select_related("catalogue_item")
    if year:
        documents = documents.annotate(year=ExtractYear("published_at")).filter(year=year)
    return documents.order_by("-published_at", "-pk")


@dataclass(frozen=True)
class InProgress:
    document: Document
    due_on: date | None
    overdue: bool
    due_soon: bool = False  # due within the warning period (DISCLOSURE_WARN_WORKDAYS working days)
    provisional: bool = False  # due date counted on the provisional calendar (暂定)


def warn_workdays() -> int:
    """How many working days before a deadline staff are warned (setting DISCLOSURE_WARN_WORKDAYS,
    default 5, as the 依申请公开 cards)."""
    return int(getattr(settings, "DISCLOSURE_WARN_WORKDAYS", 5))


def unpublished_deadlines(*, today: date | None = None) -> list[InProgress]:
    """Documents not yet published with their due date: overdue ones and those due within the
    warning period are flagged on the dashboard. A due date in the next, not yet entered, year is
    provisional (暂定), never missing."""
    from gongkai.disclosure.services import timeliness_of
    from gongkai.workcalendar.queries import get_provisional_calendar
    from gongkai.workcalendar.workdays import YearNotCovered

    today = today or timezone.localdate()
    calendar = get_provisional_calendar()
    try:
        warn_until = calendar.add_workdays(today, warn_workdays())
    except YearNotCovered:
        warn_until = today
    documents = (
        Document.objects.filter(
            revision_of__isnull=True,
            status__in=[Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_APPROVAL, Status.SCHEDULED],
        )
        .filter(
            Q(
                catalogue_item__time_limit_start=TimeLimitStart.FORMED,
                catalogue_item__time_limit_days__isnull=False,
            )
            | Q(catalogue_item__time_limit_start=TimeLimitStart.ANNUAL)
        )
        .select_related("catalogue_item")
        .defer(*LONG_TEXT_FIELDS)
        .order_by("date_formed")
    )
    out = []
    for document in documents:
        result = timeliness_of(document, calendar, published=None)
        due = result.due_on
        out.append(
            InProgress(
                document,
                due,
                overdue=due is not None and due < today,
                due_soon=due is not None and today <= due <= warn_until,
                provisional=result.provisional,
            )
        )
    return sorted(out, key=lambda entry: (entry.due_on or date.max, entry.document.pk))


# --- annual report ----------------------------------------------------------------------------


def table2(*, year: int) -> list[figures.Table2Row]:
    """Table 二, block 第二十条第（一）项, for `year`: the frozen figures once the year was reported
    (services.freeze_table2), else computed now (`table2_live`). The annual report reads this."""
    frozen = frozen_table2(year)
    return frozen if frozen is not None else table2_live(year=year)


def annual_contribution(year: int):
    """This app's Table 二 cells for the annual report (core.yearly): 第二十条第（一）项, rows 规章 and
    行政规范性文件, from the frozen figures once the year was reported (`table2`)."""
    from gongkai.core import yearly

    keys = {"regulation": "rules", "normative": "normative_documents"}
    cells = {}
    for (code, _label), row in zip(figures.ROWS, table2(year=year), strict=True):
        cells[keys[code]] = {"issued": row.issued, "repealed": row.repealed, "in_force": row.in_force}
    return yearly.Contribution(table2=cells)


def frozen_table2(year: int) -> list[figures.Table2Row] | None:
    from gongkai.disclosure.models import Table2Freeze

    freeze = Table2Freeze.objects.filter(year=year).first()
    if freeze is None:
        return None
    return [figures.Table2Row(**row) for row in freeze.rows]


def table2_live(*, year: int) -> list[figures.Table2Row]:
    """From this organ's own 规章 and 行政规范性文件 (发布机构 naming the organisation, so documents of
    other bodies republished here are not counted), published or withdrawn alike — a withdrawal from
    the website is not a repeal — by 成文日期 and 失效/废止日期 (or the end of 有效期至)."""
    from gongkai.core.models import Organisation

    organ = Organisation.current().name
    records = (
        figures.NormativeRecord(doc_type, formed, validity, ceased_on, valid_until)
        for doc_type, formed, validity, ceased_on, valid_until in Document.objects.public_record()
        .normative()
        .filter(revision_of__isnull=True, issuing_organ__contains=organ)
        .values_list("doc_type", "date_formed", "validity", "ceased_on", "valid_until")
    )
    return figures.table2_rows(records, year)
