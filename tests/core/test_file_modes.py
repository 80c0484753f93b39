"""Files holding personal data are created readable only by the service user (GB/T 22239-2019
8.1.4.11): data directory and folders 0700; SQLite database, stored mail and uploads 0600 — even
under a permissive umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from gongkai.core.filemodes import private_dir
from gongkai.core.mail import PrivateFileEmailBackend


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def permissive_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_data_directory_is_private(settings):
    assert mode(settings.DATA_DIR) == 0o700


def test_a_new_data_directory_and_an_existing_open_one_become_0700(tmp_path, permissive_umask):
    fresh = private_dir(tmp_path / "var" / "gongkai")
    assert mode(fresh) == 0o700
    opened = tmp_path / "opened"
    opened.mkdir(mode=0o755)
    private_dir(opened)
    assert mode(opened) == 0o700


@pytest.mark.django_db
def test_a_sqlite_database_file_is_0600(tmp_path, permissive_umask):
    settings_dict = {**connections["default"].settings_dict, "NAME": str(tmp_path / "gongkai.sqlite3")}
    settings_dict["ENGINE"] = "django.db.backends.sqlite3"
    wrapper = DatabaseWrapper(settings_dict, alias="file-mode-test")
    try:
        wrapper.ensure_connection()  # connection_created → gongkai.core.filemodes.secure_sqlite
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x int)")
    finally:
        wrapper.close()
    assert mode(tmp_path / "gongkai.sqlite3") == 0o600


def test_stored_mail_is_0600_in_a_0700_folder(tmp_path, permissive_umask):
    folder = tmp_path / "mail"
    backend = PrivateFileEmailBackend(file_path=str(folder))
    sent = backend.send_messages(
        [EmailMessage("受理通知", "申请人：张三", "a@example.gov.cn", ["b@example.com"])]
    )
    assert sent == 1
    (stored,) = folder.iterdir()
    assert (mode(folder), mode(stored)) == (0o700, 0o600)
    assert "张三" in stored.read_text(encoding="utf-8")
