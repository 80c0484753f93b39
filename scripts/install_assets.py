"""Put the front-end libraries installed by npm into gongkai/static/lib (git-ignored).

Nothing third-party is committed: package.json + package-lock.json pin the versions.
- htmx is copied as npm ships it.
- Each `gongkai/<app>/assets/<name>.js` is an entry point that imports only the modules its pages use
  (the air pages: ECharts bar, line and scatter charts with four components); esbuild, pinned in
  package.json, bundles it into `static/lib/<name>.min.js` instead of shipping the full build.
- `gongkai/disclosure/assets/editor.js` is the staff console's 正文 editor (TipTap); it is built for
  current browsers (TipTap cannot be lowered to ES5) and needs no global name.

`--development` builds the bundles with ECharts' development warnings (a chart type or component
used but not bundled is then reported in the browser console); run it again without the flag to go
back to the production build."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "gongkai" / "static" / "lib"
NODE_MODULES = ROOT / "node_modules"

COPIED = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
}

# ES5: the bureau's public includes old browsers (ECharts' own dist build targets ES5 too). Legal
# comments (the ECharts, zrender and tslib licence notices) are kept at the end of the file.
ESBUILD_OPTIONS = (
    "--bundle",
    "--minify",
    "--format=iife",
    "--legal-comments=eof",
    "--log-level=warning",
)
DEFAULT_ENTRY_OPTIONS = ("--global-name=echarts", "--target=es5")
# The staff console's editor: staff use current browsers (the public pages never load it).
ENTRY_OPTIONS = {"editor": ("--target=es2019",)}


def entry_points() -> list[Path]:
    return sorted(ROOT.glob("gongkai/*/assets/*.js"))


def outdated(destination: Path, sources: list[Path]) -> bool:
    return not destination.exists() or destination.stat().st_mtime < max(s.stat().st_mtime for s in sources)


def bundle(entry: Path, *, development: bool = False) -> int:
    esbuild = NODE_MODULES / ".bin" / "esbuild"
    destination = TARGET / f"{entry.stem}.min.js"
    # Always rebuilt: esbuild takes a fraction of a second, and so no stale or development build stays.
    # Built beside the destination and moved over it only when it differs: two `./run test` at once
    # (CI runs SQLite and PostgreSQL side by side) never see a half-written bundle.
    building = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    options = ENTRY_OPTIONS.get(entry.stem, DEFAULT_ENTRY_OPTIONS)
    command = [str(esbuild), str(entry), *ESBUILD_OPTIONS, *options, f"--outfile={building}"]
    if development:  # ECharts then warns in the console of every module a page uses but the bundle lacks
        command.append('--define:process.env.NODE_ENV="development"')
    returncode = subprocess.run(command, check=False).returncode  # noqa: S603 (our own paths, no shell)
    if returncode != 0 or (destination.exists() and filecmp.cmp(building, destination, shallow=False)):
        building.unlink(missing_ok=True)
    else:
        os.replace(building, destination)
    return returncode


def main() -> int:
    development = "--development" in sys.argv[1:]
    required = [NODE_MODULES / path for path in (*COPIED, ".bin/esbuild")]
    missing = [path for path in required if not path.exists()]
    if missing:
        print(f"缺少 {missing[0]}：请先运行 npm ci", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, name in COPIED.items():
        path, destination = NODE_MODULES / source, TARGET / name
        if outdated(destination, [path]):
            building = destination.with_name(f".{name}.{os.getpid()}.tmp")
            shutil.copy2(path, building)
            os.replace(building, destination)
    for entry in entry_points():
        if bundle(entry, development=development) != 0:
            print(f"打包 {entry.relative_to(ROOT)} 失败", file=sys.stderr)
            return 1
    (TARGET / "echarts.min.js").unlink(missing_ok=True)  # the full build shipped before the bundles
    return 0


if __name__ == "__main__":
    sys.exit(main())
