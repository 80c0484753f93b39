"""`gongkai water …`: surface-water quality tools (GB 3838-2002, 环办〔2011〕22号)."""

from __future__ import annotations

import click


@click.group(name="water", help="地表水环境质量工具（GB 3838-2002 水质类别评价等）。")
def water() -> None:
    """Surface-water commands, mounted under the ``gongkai`` console script."""
