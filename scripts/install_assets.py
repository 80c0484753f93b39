"""Copy the front-end libraries installed by npm into gongkai/static/lib (git-ignored).

Nothing third-party is committed: package.json + package-lock.json pin the versions."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "gongkai" / "static" / "lib"

ASSETS = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "echarts/dist/echarts.min.js": "echarts.min.js",
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, name in ASSETS.items():
        path = ROOT / "node_modules" / source
        if not path.exists():
            print(f"缺少 {path}：请先运行 npm ci", file=sys.stderr)
            return 1
        destination = TARGET / name
        if not destination.exists() or destination.stat().st_mtime < path.stat().st_mtime:
            shutil.copy2(path, destination)
    return 0


if __name__ == "__main__":
    sys.exit(main())
