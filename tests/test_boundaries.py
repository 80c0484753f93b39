"""The boundary contracts in pyproject.toml (checked by `lint-imports` in ./run test) cover every app:
each package under gongkai/ is declared either a foundation app or a domain app, so a new app cannot
slip past the rules; and every module the contracts call pure really imports without Django."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gongkai"


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def app_packages() -> set[str]:
    return {f"gongkai.{path.parent.name}" for path in PACKAGE.glob("*/__init__.py")}


FOUNDATION = set(contracts()["foundation-below-domains"]["source_modules"])
DOMAINS = set(contracts()["domain-independence"]["modules"])


def test_every_app_package_is_classified_as_foundation_or_domain():
    unclassified = app_packages() - FOUNDATION - DOMAINS
    assert not unclassified, (
        f"{sorted(unclassified)}: add each to pyproject.toml, either as a domain app (contract "
        "domain-independence, and forbidden_modules of foundation-below-domains) or as a foundation "
        "app (source_modules of foundation-below-domains); docs/ARCHITECTURE.md says how to choose"
    )


def test_no_app_is_both_and_every_listed_app_exists():
    assert not FOUNDATION & DOMAINS
    assert app_packages() >= (FOUNDATION | DOMAINS)


def test_foundation_is_forbidden_exactly_the_domain_apps():
    assert set(contracts()["foundation-below-domains"]["forbidden_modules"]) == DOMAINS


def test_the_pure_standard_modules_include_the_known_ones():
    pure = set(contracts()["pure-modules"]["source_modules"])
    assert {
        "gongkai.air.aqi",
        "gongkai.air.statistics",
        "gongkai.applications.clock",
        "gongkai.workcalendar.workdays",
        "gongkai.audit.chain",
        "gongkai.privacy.scanner",
        "gongkai.interaction.deadlines",
        "gongkai.interaction.newmedia",
    } <= pure
    assert "django" in contracts()["pure-modules"]["forbidden_modules"]


PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    if any(module.split(".")[0] == "django" for module in sys.modules):
        print(name)
        break
"""


def test_the_pure_modules_import_without_django_even_through_their_packages():
    """import-linter follows a module's own imports; importing it also runs its packages'
    __init__.py, which this checks in a fresh interpreter (the first module that brings Django in is
    printed)."""
    modules = sorted(contracts()["pure-modules"]["source_modules"])
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", f"{result.stdout.strip()} imports Django"
