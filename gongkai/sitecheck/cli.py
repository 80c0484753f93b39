"""`gongkai sitecheck scan [--max-pages N]`: run the website self-inspection now and print its result."""

from __future__ import annotations

import click


@click.group(name="sitecheck", help="网站自查：日扫描、周通报、月考核。")
def sitecheck() -> None:
    """Website self-inspection commands."""


@sitecheck.command("scan", help="立即扫描本网站，打印单项否决项和得分。")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="最多检查的页面数")
def scan(max_pages: int | None) -> None:
    from gongkai.cli import ensure_migrated, setup_django

    setup_django()
    ensure_migrated()
    from gongkai.sitecheck import services

    result = services.run_scan(max_pages=max_pages)
    for finding in result.findings.filter(severity="veto"):
        click.echo(f"单项否决：{finding.title}（整改：{finding.fix}）")
    click.echo(
        f"检查页面{result.pages}个，问题{sum(result.counts.values())}处，得分{result.score}，{result.verdict}。"
    )
