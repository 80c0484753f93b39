import click

from gongkai.cli import ensure_migrated, setup_django


@click.group(name="plugin")
def plugin() -> None:
    """插件示例：读数。"""


@plugin.command("count")
def count() -> None:
    """打印读数条数。"""
    setup_django()
    ensure_migrated()
    from tests.plugin_app.models import Reading

    click.echo(f"共 {Reading.objects.count()} 条读数。")
