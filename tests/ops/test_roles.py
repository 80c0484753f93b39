"""deploy/roles.sql applied by `gongkai ops db-roles` on PostgreSQL: the owner migrates, the
application works as its own role, and on the audit table it can only read and append — UPDATE,
DELETE and TRUNCATE fail, and it cannot grant itself the rights back."""

from __future__ import annotations

import pytest

from .helpers import gongkai, postgres_url, server_env

pytestmark = pytest.mark.skipif(not postgres_url(), reason="PostgreSQL only (DATABASE_URL=postgres://…)")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    import psycopg

    tmp = tmp_path_factory.mktemp("roles")
    base = postgres_url()
    server = base.rpartition("/")[0]
    name = base.rpartition("/")[2].split("?")[0]
    database, owner, app = f"{name}_roles", f"{name}_owner", f"{name}_app"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in (app, owner):
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    roles_args = ["ops", "db-roles", "--admin-url", f"{server}/postgres", "--database", database]
    roles_args += ["--owner", owner, "--app", app, "--app-password", "App#Secret2026"]
    plain = server_env(tmp / "data", "sqlite:///unused")
    first = gongkai(*roles_args, env=plain, cwd=tmp)  # before migrate: roles and database
    owner_url = f"postgres://{owner}@{server.rpartition('@')[2]}/{database}"
    app_url = f"postgres://{app}:App%23Secret2026@{server.rpartition('@')[2]}/{database}"
    gongkai("migrate", env=server_env(tmp / "data", owner_url), cwd=tmp)
    gongkai(*roles_args, env=plain, cwd=tmp)  # after migrate: grants on the new tables
    app_env = server_env(tmp / "data", app_url, GONGKAI_ADMIN_PASSWORD="Huanjing#Admin26")
    yield {"tmp": tmp, "app_url": app_url, "app_env": app_env, "owner": owner, "app": app, "first": first}
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in (app, owner):
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_the_application_role_runs_the_site(deployment):
    created = gongkai("createadmin", "--username", "chief", env=deployment["app_env"], cwd=deployment["tmp"])
    assert "已创建系统管理员" in created.stdout
    verified = gongkai("audit", "verify", env=deployment["app_env"], cwd=deployment["tmp"])
    assert "审计日志完好" in verified.stdout
    assert "审计表只有查询和追加权限" in deployment["first"].stdout


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditrecord SET actor_name = 'x'",
        "DELETE FROM audit_auditrecord",
        "TRUNCATE audit_auditrecord",
        "ALTER TABLE audit_auditrecord OWNER TO CURRENT_USER",
        "DROP TABLE audit_auditrecord",
        "CREATE TABLE sneaky (id int)",
    ],
)
def test_the_application_role_cannot_rewrite_the_audit_trail(deployment, statement):
    import psycopg

    gongkai(
        "createadmin",
        "--username",
        f"u{abs(hash(statement)) % 10**6}",
        env=deployment["app_env"],
        cwd=deployment["tmp"],
    )
    with psycopg.connect(deployment["app_url"]) as connection:
        before = connection.execute("SELECT count(*), max(hash) FROM audit_auditrecord").fetchone()
        assert before[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement)
    with psycopg.connect(deployment["app_url"]) as connection:
        assert connection.execute("SELECT count(*), max(hash) FROM audit_auditrecord").fetchone() == before


def test_the_application_role_cannot_become_the_owner(deployment):
    import psycopg

    with (
        psycopg.connect(deployment["app_url"]) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute(f'SET ROLE "{deployment["owner"]}"')
    with psycopg.connect(deployment["app_url"], autocommit=True) as connection:
        # Without the grant option PostgreSQL only warns "no privileges were granted": check the effect.
        connection.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_auditrecord TO CURRENT_USER")
        connection.execute("GRANT ALL ON SCHEMA public TO CURRENT_USER")
        rights = connection.execute(
            "SELECT has_table_privilege('audit_auditrecord', 'UPDATE'),"
            " has_table_privilege('audit_auditrecord', 'DELETE'),"
            " has_table_privilege('audit_auditrecord', 'TRUNCATE'), has_schema_privilege('public', 'CREATE')"
        ).fetchone()
        assert rights == (False, False, False, False)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE audit_auditrecord SET actor_name = 'x'")
    with psycopg.connect(deployment["app_url"]) as connection:
        flags = connection.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        assert flags == (False, False, False)
        # Appending still works: the application writes its audit records.
        assert connection.execute(
            "SELECT has_table_privilege('audit_auditrecord', 'INSERT')"
            ", has_table_privilege('audit_auditrecord', 'SELECT')"
        ).fetchone() == (True, True)


def test_reapplying_the_roles_changes_nothing(deployment):
    import psycopg

    server = postgres_url().rpartition("/")[0]
    database = postgres_url().rpartition("/")[2].split("?")[0] + "_roles"
    args = ["ops", "db-roles", "--admin-url", f"{server}/postgres", "--database", database]
    args += ["--owner", deployment["owner"], "--app", deployment["app"]]
    gongkai(*args, env=server_env(deployment["tmp"] / "data", "sqlite:///unused"), cwd=deployment["tmp"])
    # The password was left as it was (the URL still connects) and the audit table is still protected.
    with (
        psycopg.connect(deployment["app_url"]) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute("DELETE FROM audit_auditrecord")
