"""`gongkai disclosure …` commands, run in-process against the test database."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from gongkai.disclosure.cli import disclosure
from gongkai.disclosure.models import CatalogueItem, DocType, Validity

pytestmark = pytest.mark.django_db


def run(*args):
    return CliRunner().invoke(disclosure, list(args), catch_exceptions=False)


def test_figures_reindex_and_publish_due(make_draft, publish):
    publish(make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID, date_formed=date(2026, 3, 2)))
    result = run("figures", "--year", "2026")
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == ["规章\t0\t0\t0", "行政规范性文件\t1\t0\t1"]
    assert "1份文件" in run("reindex").output
    assert "已发布：0份" in run("publish-due").output
    assert run("timeliness").exit_code == 0


def test_catalogue_export_and_import_need_a_permitted_user(tmp_path, catalogue, admin_user, editor):
    path = tmp_path / "catalogue.xlsx"
    assert run("export-catalogue", str(path)).exit_code == 0
    refused = CliRunner().invoke(disclosure, ["import-catalogue", str(path), "--user", editor.username])
    assert refused.exit_code == 2 and "没有导入基本目录的权限" in refused.output
    result = run("import-catalogue", str(path), "--user", admin_user.username)
    assert result.exit_code == 0 and "已导入5行" in result.output
    assert CatalogueItem.objects.count() == 5
