"""A year's report as HTML (the page, and the body of the 主动公开 document), DOCX (python-docx: bureaus
file Word documents) and PDF (WeasyPrint with the server's CJK font), all laid out in the 2021 format:
sections 一 … 六 with the titles verbatim, Tables 二 … 四 with the format's labels and spans."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.annual import format as fmt
from gongkai.annual import narrative
from gongkai.core.models import Organisation
from gongkai.core.outcomes import OutcomeGroup, TableThree

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BODY_FONT = "仿宋_GB2312"
BODY_SIZE = Pt(16)  # 三号
TITLE_FONT = "方正小标宋简体"


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def table_three_lines(table: TableThree) -> list[tuple[list[Cell], list[int]]]:
    """Table 三's printed rows: label cells over three label columns (spans as the format prints them)
    and the seven figures."""
    results = [
        r for r in fmt.TABLE_THREE_ROWS if isinstance(r, fmt.ReplyOutcome) or r is fmt.CountRow.OUTCOME_TOTAL
    ]
    started: set[OutcomeGroup] = set()
    lines = []
    for row in fmt.TABLE_THREE_ROWS:
        labels: list[Cell] = []
        if isinstance(row, fmt.CountRow) and row is not fmt.CountRow.OUTCOME_TOTAL:
            labels.append(Cell(row.row_label, colspan=3))
        else:
            if row is results[0]:
                labels.append(Cell(fmt.TABLE_THREE_RESULTS_HEADER, rowspan=len(results)))
            if isinstance(row, fmt.ReplyOutcome) and row.group.has_sub_rows:
                if row.group not in started:
                    started.add(row.group)
                    size = sum(1 for outcome in fmt.ReplyOutcome if outcome.group is row.group)
                    labels.append(Cell(row.group.row_label, rowspan=size))
                labels.append(Cell(row.row_label))
            else:
                labels.append(Cell(row.row_label, colspan=2))
        lines.append((labels, [table.cell(row, column) for column in fmt.ApplicantColumn]))
    return lines


def _figure(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)


def context(report, *, organisation: str | None = None) -> dict:
    """Everything a template needs, from a `models.Report`."""
    data = fmt.from_json(report.figures)
    organisation = organisation or Organisation.current().name
    blocks = [
        {
            "article": block.article,
            "columns": [column.label for column in block.columns],
            "rows": [
                {"label": row.label, "values": [_figure(data.table2.cell(row, c)) for c in block.columns]}
                for row in block.rows
            ],
        }
        for block in fmt.TABLE_TWO_BLOCKS
    ]
    for block in blocks:
        block["span"] = 3 // len(block["columns"])
    sections = [
        {"title": title, "paragraphs": narrative.paragraphs(report.sections.get(key, ""))}
        for key, title in zip(narrative.SECTION_KEYS, fmt.SECTION_TITLES, strict=True)
    ]
    return {
        "title": document_title(report.year, organisation),
        "organisation_name": organisation,
        "year": report.year,
        "sections": sections,
        "table2": blocks,
        "table3": table_three_lines(data.table3),
        "table3_note": fmt.TABLE_THREE_NOTE,
        "organisation_columns": [c.label for c in fmt.ApplicantColumn][1:6],
        "table4": [data.table4[column] for column in fmt.TABLE_FOUR_COLUMNS],
        "table4_results": [result.label for result in fmt.AppealResult],
        "routes": fmt.AppealRoute,
    }


def document_title(year: int, organisation: str) -> str:
    return f"{organisation}{year}年政府信息公开工作年度报告"


def body_html(report) -> str:
    """The report's body: the text of the 主动公开 document and of the HTML page."""
    return render_to_string("annual/_body.html", context(report))


def html(report) -> str:
    """A standalone page (also the input of the PDF)."""
    return render_to_string("annual/document.html", context(report))


def pdf(report) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(report), base_url=None).write_pdf()


def _run(paragraph, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = font, size, bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _cell(table, row: int, column: int, text: str, *, rowspan: int = 1, colspan: int = 1) -> None:
    cell = table.cell(row, column)
    if rowspan > 1 or colspan > 1:
        cell = cell.merge(table.cell(row + rowspan - 1, column + colspan - 1))
    cell.text = ""
    _run(cell.paragraphs[0], text, size=Pt(9))


def docx(report) -> bytes:
    ctx = context(report)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    document.core_properties.title = ctx["title"]
    document.core_properties.author = ctx["organisation_name"]
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, ctx["title"], font=TITLE_FONT, size=Pt(22))
    for index, part in enumerate(ctx["sections"]):
        _run(document.add_paragraph(), part["title"], bold=True)
        for text in part["paragraphs"]:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _run(paragraph, text)
        if index == 1:
            _table_two(document, ctx)
        elif index == 2:
            _table_three(document, ctx)
        elif index == 3:
            _table_four(document, ctx)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table_two(document, ctx) -> None:
    """Each block: its article across the table, 信息内容 and the column headers, then its rows; a block
    with one figure column spans it over the three figure columns, as the format prints it."""
    table = document.add_table(rows=sum(2 + len(block["rows"]) for block in ctx["table2"]), cols=4)
    table.style = "Table Grid"
    line = 0
    for block in ctx["table2"]:
        _cell(table, line, 0, block["article"], colspan=4)
        span = 3 // len(block["columns"])
        for row_index, cells in enumerate(
            [["信息内容", *block["columns"]], *[[row["label"], *row["values"]] for row in block["rows"]]]
        ):
            _cell(table, line + 1 + row_index, 0, cells[0])
            for offset, text in enumerate(cells[1:]):
                _cell(table, line + 1 + row_index, 1 + offset * span, text, colspan=span)
        line += 2 + len(block["rows"])


def _table_three(document, ctx) -> None:
    lines = ctx["table3"]
    table = document.add_table(rows=3 + len(lines), cols=10)
    table.style = "Table Grid"
    _cell(table, 0, 0, ctx["table3_note"], rowspan=3, colspan=3)
    _cell(table, 0, 3, "申请人情况", colspan=7)
    _cell(table, 1, 3, "自然人", rowspan=2)
    _cell(table, 1, 4, "法人或其他组织", colspan=5)
    _cell(table, 1, 9, "总计", rowspan=2)
    for offset, label in enumerate(ctx["organisation_columns"]):
        _cell(table, 2, 4 + offset, label)
    for index, (labels, values) in enumerate(lines):
        row = 3 + index
        column = 3 - sum(cell.colspan for cell in labels)
        for cell in labels:
            _cell(table, row, column, cell.text, rowspan=cell.rowspan, colspan=cell.colspan)
            column += cell.colspan
        for offset, value in enumerate(values):
            _cell(table, row, 3 + offset, str(value))


def _table_four(document, ctx) -> None:
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    routes = list(ctx["routes"])
    _cell(table, 0, 0, routes[0].group, colspan=5)
    _cell(table, 0, 5, routes[1].group, colspan=10)
    _cell(table, 1, 5, routes[1].label, colspan=5)
    _cell(table, 1, 10, routes[2].label, colspan=5)
    for offset, label in enumerate(ctx["table4_results"]):
        _cell(table, 1, offset, label, rowspan=2)
        _cell(table, 2, 5 + offset, label)
        _cell(table, 2, 10 + offset, label)
    for offset, value in enumerate(ctx["table4"]):
        _cell(table, 3, offset, str(value))
