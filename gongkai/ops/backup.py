"""Backup and restore of everything a server holds: the database and every file under the data
directory, in one archive with a manifest.

An archive (`gongkai-backup-YYYYMMDD-HHMMSS.tar.gz`, created with mode 0600) holds
  manifest.json          versions, database vendor, applied migrations, SHA-256 of every member
  database/...           `pg_dump -Fc` on PostgreSQL; an online-backup copy (sqlite3 API) on SQLite
  files/<root>/<path>    every file under the data directory ("data") and MEDIA_ROOT when it lies
                         outside it ("media"), except what is rebuilt or kept elsewhere: static
                         files (collectstatic), the database itself, the secret key and old archives.
SQLite files found among the data (the job queue) are copied with the online-backup API as well,
so a running worker cannot leave a torn copy.

Secrets are never written into the archive: `secrets_to_keep()` names those that must be kept
elsewhere (the environment file), and the manifest carries a fingerprint of SECRET_KEY so that a
restore can warn when the key differs."""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection, models

ARCHIVE_FORMAT = 1
ARCHIVE_PREFIX = "gongkai-backup-"
SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
# Secrets that never go into an archive. A name containing KEY, SECRET, PASSWORD or TOKEN among
# the GONGKAI_* variables is added when it is set (e.g. a future audit key).
_SECRETS = (
    ("SECRET_KEY", "会话、密码重置链接和签名数据依赖它；丢失后已签发的链接和会话全部失效"),
    ("DATABASE_URL", "数据库账号和密码"),
    ("REDIS_URL", "Redis 地址和密码（如设置）"),
    ("EMAIL_HOST_PASSWORD", "发信邮箱密码（如设置）"),
)
_SECRET_NAME = re.compile(r"^GONGKAI_\w*(KEY|SECRET|PASSWORD|TOKEN)\w*$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


@dataclass
class RestoreReport:
    manifest: dict
    files: int = 0
    missing_files: list[str] = field(default_factory=list)
    audit_ok: bool = False
    audit_message: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit_ok and not self.missing_files


# --- what is backed up ----------------------------------------------------------------------------


def secrets_to_keep() -> list[tuple[str, str]]:
    """(name, why) of every secret the archive leaves out: keep them (the environment file) elsewhere."""
    found = list(_SECRETS)
    found += [(name, "配置中的密钥") for name in sorted(os.environ) if _SECRET_NAME.match(name)]
    return found


def key_fingerprint() -> str:
    """Tells whether two servers share SECRET_KEY without revealing it."""
    return hashlib.sha256(f"gongkai-backup:{settings.SECRET_KEY}".encode()).hexdigest()[:16]


def file_roots() -> dict[str, Path]:
    roots = {"data": Path(settings.DATA_DIR).resolve()}
    media = Path(settings.MEDIA_ROOT).resolve()
    if not media.is_relative_to(roots["data"]):
        roots["media"] = media
    return roots


def _database_files() -> set[Path]:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return set()
    main = Path(database["NAME"]).resolve()
    return {main, *(main.with_name(main.name + suffix) for suffix in _SQLITE_SIDE_FILES)}


def _excluded(path: Path) -> bool:
    static = Path(settings.STATIC_ROOT).resolve()
    if path.is_relative_to(static):
        return True  # rebuilt by collectstatic
    if path in _database_files() or path == Path(settings.DATA_DIR).resolve() / "secret_key":
        return True
    if path.name.endswith(_SQLITE_SIDE_FILES) and path.with_name(path.name.rsplit("-", 1)[0]).exists():
        return True  # the copy of the main SQLite file already contains them
    return path.name.startswith(ARCHIVE_PREFIX)


def _walk(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink() and not _excluded(path.resolve()):
                yield path


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while another process writes."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL client programs -------------------------------------------------------------------


def _pg_env(database: dict, name: str | None = None) -> dict[str, str]:
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    env["PGDATABASE"] = name or database["NAME"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"找不到程序 {command[0]}：请安装 PostgreSQL 客户端（postgresql-client）。"
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[-2000:]}")


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


# --- backup ---------------------------------------------------------------------------------------


def default_archive_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{ARCHIVE_PREFIX}{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output: Path) -> dict:
    """Write the archive to `output` (which must not exist) and return its manifest."""
    output = Path(output).resolve()
    if output.exists():
        raise BackupError(f"{output} 已存在：备份不会覆盖已有文件。")
    output.parent.mkdir(parents=True, exist_ok=True)
    database = settings.DATABASES["default"]
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as work:
        work_dir = Path(work)
        members: list[tuple[str, Path]] = []
        if vendor == "postgresql":
            dump = work_dir / "database.pgdump"
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)],
                _pg_env(database),
            )
            members.append(("database/database.pgdump", dump))
        elif vendor == "sqlite":
            dump = work_dir / "database.sqlite3"
            _sqlite_copy(Path(database["NAME"]), dump)
            members.append(("database/database.sqlite3", dump))
        else:
            raise BackupError(f"不支持备份 {vendor} 数据库。")
        for root_name, root in file_roots().items():
            for path in _walk(root):
                relative = path.relative_to(root).as_posix()
                source = path
                if _is_sqlite(path):
                    source = work_dir / "sqlite" / root_name / relative
                    source.parent.mkdir(parents=True, exist_ok=True)
                    _sqlite_copy(path, source)
                members.append((f"files/{root_name}/{relative}", source))
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "versions": {
                "gongkai": metadata.version("gongkai"),
                "django": metadata.version("django"),
                "python": platform.python_version(),
            },
            "database": {"vendor": vendor, "migrations": _applied_migrations()},
            "secret_key_fingerprint": key_fingerprint(),
            "secrets_kept_elsewhere": [name for name, _why in secrets_to_keep()],
            "members": {
                name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members
            },
        }
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(descriptor, 0o600)  # whatever the umask: only the operator may read a backup
        try:
            with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(data))
                for name, path in members:
                    archive.add(str(path), arcname=name, recursive=False)
        except BaseException:
            output.unlink(missing_ok=True)
            raise
    return manifest


# --- restore --------------------------------------------------------------------------------------


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"备份文件中有不安全的路径：{name}")
    return path


def read_archive(archive_path: Path, into: Path) -> dict:
    """Unpack into `into`, checking every member against the manifest; return the manifest."""
    try:
        archive = tarfile.open(archive_path, mode="r:*")  # noqa: SIM115  (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"无法读取备份文件 {archive_path}：{error}") from error
    with archive:
        try:
            manifest = json.loads(archive.extractfile("manifest.json").read().decode("utf-8"))
        except (KeyError, AttributeError, ValueError) as error:
            raise BackupError("备份文件缺少有效的 manifest.json。") from error
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise BackupError(f"不认识的备份格式：{manifest.get('format')}")
        expected = manifest["members"]
        seen = set()
        for member in archive.getmembers():
            if member.name == "manifest.json":
                continue
            relative = _safe_member(member.name)
            if not member.isfile() or member.name not in expected:
                raise BackupError(f"备份文件中有清单之外的内容：{member.name}")
            target = into.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as handle:
                shutil.copyfileobj(source, handle)
            if _sha256(target) != expected[member.name]["sha256"]:
                raise BackupError(f"校验和不符，备份文件已损坏：{member.name}")
            seen.add(member.name)
        if missing := sorted(set(expected) - seen):
            raise BackupError(f"备份文件不完整，缺少：{'、'.join(missing[:5])}")
    return manifest


def _ensure_pg_database(database: dict) -> bool:
    """Create the database when it does not exist; True when it already did."""
    import psycopg

    params = {k.lower(): database[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if database.get(k)}
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    except psycopg.Error as error:
        raise BackupError(f"无法创建数据库 {database['NAME']}（请先由管理员创建空库）：{error}") from error
    return bool(exists)


def database_tables() -> list[str]:
    return connection.introspection.table_names()


def _empty_postgres() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()


def restore_backup(archive_path: Path, *, force: bool = False) -> RestoreReport:
    """Restore into this server: the database (created when missing), the files, then migrate and
    check that every stored file exists and the audit chain verifies."""
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as work:
        work_dir = Path(work)
        manifest = read_archive(Path(archive_path), work_dir)
        report = RestoreReport(manifest=manifest)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"备份来自 {manifest['database']['vendor']} 数据库，不能恢复到 {vendor} 数据库。"
            )
        if vendor == "postgresql":
            _ensure_pg_database(database)
        if database_tables():
            if not force:
                raise BackupError("目标数据库不是空的：恢复只在空的服务器上进行（确认要覆盖时加 --force）。")
            if vendor == "postgresql":
                _empty_postgres()
        connection.close()
        if vendor == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                    database["NAME"],
                    str(work_dir / "database" / "database.pgdump"),
                ],
                _pg_env(database),
            )
        else:
            target = Path(database["NAME"])
            for path in _database_files():
                path.unlink(missing_ok=True)
            _sqlite_copy(work_dir / "database" / "database.sqlite3", target)
        roots = file_roots()
        for name in manifest["members"]:
            parts = PurePosixPath(name).parts
            if parts[0] != "files":
                continue
            root = {"data": roots["data"], "media": Path(settings.MEDIA_ROOT)}.get(parts[1])
            if root is None:
                raise BackupError(f"备份中有未知的文件目录：{parts[1]}")
            target = root.joinpath(*parts[2:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(work_dir.joinpath(*parts), target)
            report.files += 1
    call_command("migrate", interactive=False, verbosity=0)
    if manifest.get("secret_key_fingerprint") != key_fingerprint():
        report.warnings.append("当前 SECRET_KEY 与备份时不同：已签发的链接和会话将失效，请使用原来的密钥。")
    report.missing_files = missing_stored_files()
    report.audit_ok, report.audit_message = _verify_audit()
    return report


# --- checks after a restore -----------------------------------------------------------------------


def missing_stored_files() -> list[str]:
    """Every file a FileField of any model refers to that its storage does not have."""
    missing = []
    for model in apps.get_models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for file_field in file_fields:
            names = (
                model._base_manager.exclude(**{file_field.attname: ""})
                .exclude(**{f"{file_field.attname}__isnull": True})
                .values_list("pk", file_field.attname)
            )
            storage = file_field.storage
            for pk, name in names.iterator():
                if not storage.exists(name):
                    missing.append(f"{model._meta.label}#{pk}.{file_field.name}: {name}")
    return missing


def _verify_audit() -> tuple[bool, str]:
    from gongkai.audit.services import verify

    result = verify()
    if result.ok:
        return True, f"审计日志完好：共{result.checked}条记录，哈希链连续。"
    return False, f"审计日志校验失败：{result.reason}（此前{result.checked}条记录完好）"
