"""The restore drill: seed a server, back it up, restore into an empty one, and check that the
files, the accounts and the audit chain came back; damaged archives are refused or reported.

Runs on SQLite always and on PostgreSQL as well when DATABASE_URL points at one (databases
<name>_backup and <name>_restore next to it, dropped first)."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import tarfile
from pathlib import Path

import pytest

from .helpers import PROJECT, gongkai, postgres_database, postgres_url, server_env

SEED = (PROJECT / "tests" / "ops" / "seed.py").read_text(encoding="utf-8")

VENDORS = ["sqlite"] + (["postgresql"] if postgres_url() else [])


def database_urls(vendor: str, tmp: Path) -> tuple[str, str]:
    if vendor == "sqlite":
        return f"sqlite:///{tmp / 'source.sqlite3'}", f"sqlite:///{tmp / 'restored.sqlite3'}"
    base = postgres_url()
    name = base.rpartition("/")[2].split("?")[0]
    return postgres_database(base, f"{name}_backup", create=True), postgres_database(base, f"{name}_restore")


@pytest.fixture(scope="module", params=VENDORS)
def drill(request, tmp_path_factory):
    """A seeded server, its backup, and the environment of an empty second server."""
    tmp = tmp_path_factory.mktemp(f"drill-{request.param}")
    source_url, target_url = database_urls(request.param, tmp)
    source = server_env(tmp / "source-data", source_url)
    gongkai("migrate", env=source, cwd=tmp)
    seeded = gongkai("manage", "shell", "-c", SEED, env=source, cwd=tmp)
    stored_name = seeded.stdout.split("SEEDED", 1)[1].strip()
    (tmp / "source-data" / "static" / "rebuilt.css").parent.mkdir(parents=True, exist_ok=True)
    (tmp / "source-data" / "static" / "rebuilt.css").write_text("body{}")
    archive = tmp / "backups" / "drill.tar.gz"
    backed_up = gongkai("ops", "backup", "--output", str(archive), env=source, cwd=tmp)
    return {
        "vendor": request.param,
        "tmp": tmp,
        "archive": archive,
        "backup_output": backed_up.stdout,
        "stored_name": stored_name,
        "source_data": tmp / "source-data",
        "source": source,
        "target": server_env(tmp / "target-data", target_url),
        "target_data": tmp / "target-data",
    }


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as opened:
        return {m.name: opened.extractfile(m).read() for m in opened.getmembers()}


def test_backup_is_private_and_holds_the_database_and_every_data_file(drill):
    assert stat.S_IMODE(drill["archive"].stat().st_mode) == 0o600
    content = members(drill["archive"])
    manifest = json.loads(content["manifest.json"])
    assert manifest["database"]["vendor"] == drill["vendor"]
    assert "audit.0001_initial" in manifest["database"]["migrations"]
    assert set(manifest["secrets_kept_elsewhere"]) >= {"SECRET_KEY", "DATABASE_URL"}
    media_file = f"files/data/media/{drill['stored_name']}"
    assert content[media_file] == (drill["source_data"] / "media" / drill["stored_name"]).read_bytes()
    assert content["files/data/private/applications/attachments/raw.bin"].startswith(b"\x00applicant")
    assert not [name for name in content if "static/" in name or name.endswith("secret_key")]
    assert any(name.startswith("database/") for name in content)
    # The secret the archive leaves out is named, with where to keep it.
    assert "SECRET_KEY" in drill["backup_output"] and "另行妥善保管" in drill["backup_output"]


def test_restore_into_an_empty_server_brings_everything_back(drill):
    restored = gongkai("ops", "restore", str(drill["archive"]), env=drill["target"], cwd=drill["tmp"])
    assert "审计日志完好" in restored.stdout + restored.stderr
    assert "恢复完成" in restored.stdout
    target = drill["target_data"]
    assert (target / "media" / drill["stored_name"]).read_bytes() == (
        drill["source_data"] / "media" / drill["stored_name"]
    ).read_bytes()
    assert (target / "private/applications/attachments/raw.bin").read_bytes().startswith(b"\x00applicant")
    # The restored accounts work: the audit chain is verified again by the public command.
    verified = gongkai("audit", "verify", env=drill["target"], cwd=drill["tmp"])
    assert "完好" in verified.stdout
    users = gongkai(
        "manage",
        "shell",
        "-c",
        "from gongkai.core.models import User; "
        "print(User.objects.get(username='drill').check_password('Huanbao#2026ok'))",
        env=drill["target"],
        cwd=drill["tmp"],
    )
    assert users.stdout.strip().endswith("True")

    # A second restore over the now non-empty server is refused unless forced.
    again = gongkai(
        "ops", "restore", str(drill["archive"]), env=drill["target"], cwd=drill["tmp"], check=False
    )
    assert again.returncode == 1 and "目标数据库不是空的" in again.stderr
    forced = gongkai(
        "ops", "restore", "--force", str(drill["archive"]), env=drill["target"], cwd=drill["tmp"]
    )
    assert "恢复完成" in forced.stdout


def rewrite(archive: Path, output: Path, change) -> Path:
    """A copy of `archive` after `change(content)` edited the members (manifest kept consistent
    unless `change` says otherwise)."""
    content = members(archive)
    manifest = json.loads(content.pop("manifest.json"))
    change(content, manifest)
    with tarfile.open(output, "w:gz") as written:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        written.addfile(info, io.BytesIO(data))
        for name, body in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            written.addfile(info, io.BytesIO(body))
    return output


def _sha(body: bytes) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


def fresh_target(drill, name: str) -> dict[str, str]:
    if drill["vendor"] == "sqlite":
        url = f"sqlite:///{drill['tmp'] / f'{name}.sqlite3'}"
    else:
        base = postgres_url()
        url = postgres_database(base, f"{base.rpartition('/')[2].split('?')[0]}_restore")
    return server_env(drill["tmp"] / f"{name}-data", url)


def test_a_backup_missing_a_stored_file_fails_the_restore_check(drill):
    if drill["vendor"] != "sqlite":
        pytest.skip("the check walks the models the same way on every database; once is enough")

    def drop_attachment(content, manifest):
        name = f"files/data/media/{drill['stored_name']}"
        del content[name], manifest["members"][name]

    damaged = rewrite(drill["archive"], drill["tmp"] / "no-file.tar.gz", drop_attachment)
    result = gongkai(
        "ops", "restore", str(damaged), env=fresh_target(drill, "nofile"), cwd=drill["tmp"], check=False
    )
    assert result.returncode == 1
    assert drill["stored_name"] in result.stderr and "数据库引用的文件不存在" in result.stderr


def test_a_backup_with_an_altered_audit_record_fails_the_restore_check(drill):
    if drill["vendor"] != "sqlite":
        pytest.skip("the database file is edited in place, which only SQLite allows")

    def alter_history(content, manifest):
        path = drill["tmp"] / "alter.sqlite3"
        path.write_bytes(content["database/database.sqlite3"])
        db = sqlite3.connect(path)
        db.execute("UPDATE audit_auditrecord SET actor_name = '别人' WHERE seq = 1")
        db.commit()
        db.close()  # the last connection checkpoints the write-ahead log into the file
        content["database/database.sqlite3"] = path.read_bytes()
        manifest["members"]["database/database.sqlite3"]["sha256"] = _sha(
            content["database/database.sqlite3"]
        )

    damaged = rewrite(drill["archive"], drill["tmp"] / "altered.tar.gz", alter_history)
    result = gongkai(
        "ops", "restore", str(damaged), env=fresh_target(drill, "altered"), cwd=drill["tmp"], check=False
    )
    assert result.returncode == 1
    assert "审计日志校验失败" in result.stderr and "第1条" in result.stderr


def test_a_corrupted_archive_is_refused_before_anything_is_written(drill):
    def corrupt(content, manifest):
        name = f"files/data/media/{drill['stored_name']}"
        content[name] = content[name][:-1] + b"!"

    damaged = rewrite(drill["archive"], drill["tmp"] / "corrupt.tar.gz", corrupt)
    env = fresh_target(drill, "corrupt")
    result = gongkai("ops", "restore", str(damaged), env=env, cwd=drill["tmp"], check=False)
    assert result.returncode == 1 and "校验和不符" in result.stderr
    assert not (drill["tmp"] / "corrupt-data" / "media").exists()


def test_backup_never_overwrites_an_existing_file(drill):
    result = gongkai(
        "ops", "backup", "--output", str(drill["archive"]), env=drill["source"], cwd=drill["tmp"], check=False
    )
    assert result.returncode == 1 and "已存在" in result.stderr
