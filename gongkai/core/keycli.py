"""`gongkai keys`: keys held outside the database. Declared in `CoreConfig.cli_groups`."""

from __future__ import annotations

import click

from gongkai.cli import ensure_migrated, fail, setup_django


@click.group(name="keys")
def keys() -> None:
    """密钥（个人信息加密）。"""


@keys.command("rotate")
def keys_rotate() -> None:
    """用当前 GONGKAI_DATA_KEY 重新加密全部个人信息并重算检索哈希（旧密钥放在 GONGKAI_DATA_KEYS_OLD）。"""
    setup_django()
    ensure_migrated()
    from gongkai.core import crypto
    from gongkai.core.keys import rotate_data_keys

    try:
        result = rotate_data_keys()
    except crypto.DecryptionError as error:
        fail(f"重新加密失败：{error}。请把原密钥放入 GONGKAI_DATA_KEYS_OLD 后重试。", 1)
    click.echo(
        f"已重新加密{result.rows}条记录中的{result.values}个字段"
        f"（密钥 {result.key_id}，算法 {result.cipher}）。"
    )
