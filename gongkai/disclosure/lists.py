"""The 主动公开 lists, declared once for the table, the CSV/XLSX export and the API twin.

- DOCUMENTS: the public list (全部文件, a catalogue item's page, search exports) and
  GET /api/v1/documents — published documents only, filtered by `PublicFilterForm`.
- STAFF_DOCUMENTS: the console's list of every document in every state."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import report_year
from gongkai.core.lists import API, EXPORT, HTML, Column, DeclaredList, Filter, register
from gongkai.disclosure import queries
from gongkai.disclosure.forms import PublicFilterForm
from gongkai.disclosure.models import Document, Status

TABLE_AND_FILE = frozenset({HTML, EXPORT})
FILE_ONLY = frozenset({EXPORT})
API_ONLY = frozenset({API})


def _public(request, params):
    return queries.public_documents(**PublicFilterForm(params or None).filters())


DOCUMENTS = register(
    DeclaredList(
        name="disclosure-documents",
        source=_public,
        form=PublicFilterForm,
        columns=(
            Column("index_number", _("索引号")),
            Column("title", _("标题"), link=lambda d: d.get_absolute_url()),
            Column("catalogue_code", _("目录事项编码"), "catalogue_item.code", only=API_ONLY),
            Column("document_number", _("文号")),
            Column("issuing_organ", _("发布机构")),
            Column("date_formed", _("成文日期")),
            Column("public_date", _("发布日期"), only=TABLE_AND_FILE),
            Column("published_at", _("发布时间"), api=lambda at: timezone.localtime(at), only=API_ONLY),
            Column("subject", _("主题分类"), "get_subject_display"),
            Column("doc_type", _("文件类型代码"), only=API_ONLY),
            Column("doc_type_label", _("文件类型"), "get_doc_type_display"),
            Column("validity", _("有效性代码"), "current_validity", only=API_ONLY),
            Column("validity_label", _("有效性"), "current_validity_label", only=TABLE_AND_FILE),
            Column("catalogue_item", _("目录事项"), "catalogue_item.name"),
            Column("url", _("网址"), "get_absolute_url", absolute=True),
            Column("ceased_on", _("失效/废止日期"), only=API_ONLY),
            Column("effective_on", _("施行日期"), only=API_ONLY),
            Column("valid_until", _("有效期至"), only=API_ONLY),
        ),
        html_columns=(
            "title",
            "document_number",
            "issuing_organ",
            "date_formed",
            "public_date",
            "validity_label",
        ),
        per_page=20,
        filename="documents",
        empty=_("没有符合条件的文件。"),
        caption=_("主动公开文件"),
    )
)


def for_item(item) -> DeclaredList:
    """The documents of one catalogue item and its descendants."""
    return DOCUMENTS.variant(
        source=lambda request, params: queries.public_documents(
            item=item, **PublicFilterForm(params or None).filters()
        ),
        filename=f"catalogue-{item.code}",
    )


def _staff_documents(request, params):
    documents = Document.objects.select_related("catalogue_item", "revision_of").order_by(
        "-updated_at", "-pk"
    )
    if params.get("status", "") not in Status.values:
        documents = documents.exclude(status=Status.MERGED)
    return documents


def _search(documents, text):
    return documents.filter(
        Q(title__icontains=text) | Q(index_number__icontains=text) | Q(document_number__icontains=text)
    )


def _late(documents, value):
    return documents.filter(late=True) if value == "1" else documents


def _title(document: Document):
    if document.revision_of_id:
        return format_html('{} <span class="tag">{}</span>', document.title, _("修订稿"))
    return document.title


def _timeliness(late):
    if late:
        return format_html('<span class="status-late">{}</span>', _("逾期"))
    return _("按时") if late is False else "-"


STAFF_DOCUMENTS = register(
    DeclaredList(
        name="disclosure-staff-documents",
        source=_staff_documents,
        columns=(
            Column("index_number", _("索引号")),
            Column(
                "title",
                _("标题"),
                lambda d: d,
                html=_title,
                export=lambda d: d.title,
                api=lambda d: d.title,
                link=lambda d: d.get_staff_url(),
            ),
            Column("status", _("状态"), "get_status_display"),
            Column("catalogue_item", _("目录事项"), "catalogue_item.name"),
            Column("department", _("承办处室")),
            Column("date_formed", _("成文日期")),
            Column("public_date", _("发布日期")),
            Column("due_on", _("公开期限")),
            Column("late", _("逾期")),
            Column("timeliness", _("时效"), "late", html=_timeliness, only=frozenset({HTML})),
            Column("revision", _("版本")),
        ),
        html_columns=("title", "index_number", "status", "catalogue_item", "public_date", "timeliness"),
        filters=(
            Filter("q", _("关键词"), kind="search", apply=_search),
            Filter("status", _("状态"), choices=Status.choices, lookup="status"),
            Filter("late", _("仅逾期公开"), kind="checkbox", apply=_late),
        ),
        permission="disclosure.view_document",
        filename="disclosure-documents",
        empty=_("没有符合条件的文件。"),
        caption=_("公开文件"),
    )
)


# --- timeliness and table 二 (reports: the page draws its own table; export and API come from here)


def _timeliness(request, params):
    year = report_year(params)
    return [
        {
            "department": row.department,
            "month": f"{year}-{row.month:02d}",
            "published": row.published,
            "late": row.late,
        }
        for row in queries.timeliness_table(year=year)
    ]


TIMELINESS = register(
    DeclaredList(
        name="disclosure-timeliness",
        source=_timeliness,
        columns=(
            Column("department", _("承办处室")),
            Column("month", _("月份")),
            Column("published", _("发布件数"), numeric=True),
            Column("late", _("逾期件数"), numeric=True),
        ),
        permission="disclosure.view_timeliness",
        filename=lambda params: f"timeliness-{report_year(params)}",
        caption=_("公开时效"),
    )
)

TABLE2 = register(
    DeclaredList(
        name="disclosure-table2",
        source=lambda request, params: queries.table2(year=report_year(params)),
        columns=(
            Column("label", _("信息内容")),
            Column("issued", _("本年制发件数"), numeric=True),
            Column("repealed", _("本年废止件数"), numeric=True),
            Column("in_force", _("现行有效件数"), numeric=True),
        ),
        permission="disclosure.view_figures",
        filename=lambda params: f"table2-{report_year(params)}",
        caption=_("规章和行政规范性文件"),
    )
)
