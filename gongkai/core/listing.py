"""What every staff and public list shares: pagination and CSV/XLSX export of the filtered rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook

EXPORT_FORMATS = {"csv", "xlsx"}
MAX_EXPORT_ROWS = 200_000


def paginate(request: HttpRequest, queryset, per_page: int = 30):
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()
    return page


def export_response(
    *, fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """CSV is UTF-8 with a BOM so that Excel on Chinese Windows opens it correctly."""
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(list(headers))
        for count, row in enumerate(rows):
            if count >= MAX_EXPORT_ROWS:
                break
            sheet.append([_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"{filename}-{stamp}.xlsx"
    else:
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text)
        writer.writerow(headers)
        for count, row in enumerate(rows):
            if count >= MAX_EXPORT_ROWS:
                break
            writer.writerow([_cell(value) for value in row])
        response = HttpResponse(text.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        name = f"{filename}-{stamp}.csv"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response


def _cell(value: object) -> object:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (int, float, str)):
        # Guard against CSV/Excel formula injection from user-entered text.
        if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
            return "'" + value
        return value
    return str(value)
