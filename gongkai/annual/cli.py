"""`gongkai annual-report --year Y --format json|docx|pdf|html [--output FILE]` (issue 19).

- json (the default): one JSON object on stdout, the shape of `format.to_json` — ``year``; ``table2``
  keyed by row label; ``table3`` with ``columns`` (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构,
  其他, 总计) and ``new``, ``carried_in``, ``outcomes_total``, ``carried_out`` as seven integers each
  (plus ``outcomes``); ``table4``. Figures are computed from the records now. Broken cross-checks are
  printed on stderr (the JSON is still printed; exit 0).
- docx / pdf / html: the document, written to ``--output`` (required). The narrative is the staff's
  saved text of that year when a report exists, else drafted from the records.
- A bad year, or a year before any record (or in the future): a Chinese message on stderr, exit 2.
  Two apps giving the same Table 二 cell: exit 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_BAD_YEAR = 2


@click.command(
    "annual-report", help="生成政府信息公开工作年度报告（2021年格式）：JSON数据或DOCX/PDF/HTML文档。"
)
@click.option("--year", "year_text", required=True, help="报告年度，如 2026")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "docx", "pdf", "html"]),
    default="json",
    show_default=True,
    help="输出格式",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="文档输出文件（docx/pdf/html 必填）"
)
def annual_report(year_text: str, output_format: str, output: Path | None) -> None:
    from gongkai.cli import ensure_migrated, fail, setup_django

    if output_format != "json" and output is None:
        fail("输出DOCX、PDF或HTML时须用 --output 指定文件。", EXIT_BAD_YEAR)
    setup_django()
    ensure_migrated()
    from gongkai.annual import collect as collecting
    from gongkai.annual import format as fmt
    from gongkai.annual import narrative, render
    from gongkai.annual.models import Report
    from gongkai.core.models import Organisation

    try:
        year = collecting.check_year(collecting.parse_year(year_text))
    except collecting.CollectError as error:
        fail(error.message, EXIT_BAD_YEAR)
    try:
        collected = collecting.collect(year)
    except collecting.CollectError as error:
        fail(error.message, 1)
    for failure in fmt.cross_checks(collected.report):
        click.echo(f"勾稽关系校验不通过：{failure.message}", err=True)
    if output_format == "json":
        sys.stdout.write(json.dumps(fmt.to_json(collected.report), ensure_ascii=False) + "\n")
        return
    saved = Report.objects.filter(year=year).first()
    sections = (
        saved.sections
        if saved is not None
        else narrative.draft(
            year=year,
            organisation=Organisation.current().name,
            facts=collected.facts,
            missing=collected.missing,
        )
    )
    report = Report(year=year, figures=fmt.to_json(collected.report), sections=sections)
    if output_format == "docx":
        data = render.docx(report)
    elif output_format == "pdf":
        data = render.pdf(report)
    else:
        data = render.html(report).encode("utf-8")
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(f"无法写入文件 {output}：{error.strerror}", 1)
    click.echo(f"已写入 {output}（{len(data)} 字节）。", err=True)
