"""`gongkai workdays add|check|import`: working days from the calendar table in the database.

Declared in `WorkCalendarConfig.cli_groups`; the project CLI mounts it as `gongkai workdays`. Imports
nothing heavy at module level, so a `gongkai workdays …` run stays quick."""

from __future__ import annotations

from datetime import date

import click

from gongkai.cli import ensure_migrated, fail, setup_django


@click.group(name="workdays")
def workdays() -> None:
    """工作日计算（法定节假日和调休以数据库中的工作日历为准）。"""


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"日期“{text}”无效，应为YYYY-MM-DD格式。", 2)
        raise


def _calendar():
    setup_django()
    ensure_migrated()
    from gongkai.workcalendar.queries import get_calendar

    return get_calendar()


@workdays.command("add")
@click.argument("start")
@click.argument("count")
def workdays_add(start: str, count: str) -> None:
    """打印 START 之后第 COUNT 个工作日（START 当日不计）。"""
    from gongkai.workcalendar.workdays import YearNotCovered

    day = _parse_day(start)
    try:
        number = int(count)
    except ValueError:
        fail(f"工作日数“{count}”无效，应为整数。", 2)
    try:
        result = _calendar().add_workdays(day, number)
    except YearNotCovered as error:
        fail(error.message, 2)
    click.echo(result.isoformat())


@workdays.command("check")
@click.argument("dates", nargs=-1, required=True)
def workdays_check(dates: tuple[str, ...]) -> None:
    """逐行打印每个日期是工作日（workday）还是休息日（restday），及节日名称。"""
    from gongkai.workcalendar.workdays import YearNotCovered

    days = [_parse_day(text) for text in dates]
    calendar = _calendar()
    for day in days:
        try:
            working = calendar.is_workday(day)
            name = calendar.holiday_name(day)
        except YearNotCovered as error:
            fail(error.message, 2)
        line = f"{day.isoformat()} {'workday' if working else 'restday'}"
        click.echo(f"{line} {name}" if name else line)


@workdays.command("import")
@click.option("--overwrite", is_flag=True, help="覆盖已录入的年份")
def workdays_import(overwrite: bool) -> None:
    """从 chinese-calendar 软件包导入尚未录入的年份。"""
    setup_django()
    ensure_migrated()
    from gongkai.workcalendar.services import import_package_years

    years = import_package_years(actor=None, overwrite=overwrite)
    click.echo("已导入：" + ("、".join(map(str, years)) if years else "无（没有新的年份）"))
