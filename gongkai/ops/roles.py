"""Apply deploy/roles.sql without psql: the few psql features that file uses — `:'var'` (a
literal), `:"var"` (an identifier), `\\gexec` (run each result row as a statement) and
`\\connect` — on a psycopg connection. The file stays the one source of the roles' rights."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql

ROLES_SQL = Path(__file__).resolve().parents[2] / "deploy" / "roles.sql"
_VARIABLE = re.compile(r""":(?:'(\w+)'|"(\w+)")""")


class RolesError(Exception):
    pass


def statements(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) in order: kind is "sql", "gexec" or "connect"."""
    buffer: list[str] = []
    for raw in text.splitlines():
        line = raw.split("--", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.lstrip().startswith("\\connect"):
            yield "connect", line.split(None, 1)[1].strip()
            continue
        if line.endswith("\\gexec"):
            buffer.append(line.removesuffix("\\gexec"))
            yield "gexec", "\n".join(buffer)
            buffer = []
        elif line.endswith(";"):
            buffer.append(line)
            yield "sql", "\n".join(buffer)
            buffer = []
        else:
            buffer.append(line)
    if "".join(buffer).strip():
        raise RolesError(f"roles.sql 末尾的语句没有结束：{' '.join(buffer)[:80]}")


def substitute(text: str, variables: dict[str, str], connection: psycopg.Connection) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if name not in variables:
            raise RolesError(f"roles.sql 用到了未给出的变量 {name}")
        quoted = sql.Literal(variables[name]) if match.group(1) else sql.Identifier(variables[name])
        return quoted.as_string(connection)

    return _VARIABLE.sub(replace, text)


def apply(admin_url: str, variables: dict[str, str], script: Path = ROLES_SQL) -> list[str]:
    """Run the script as the role of `admin_url`; return the statements executed (for the log)."""
    executed: list[str] = []
    connection = psycopg.connect(admin_url, autocommit=True)
    try:
        for kind, text in statements(script.read_text(encoding="utf-8")):
            if kind == "connect":
                database = substitute(text, variables, connection).strip('"')
                connection.close()
                # Inside the database, one transaction: on a live site (after an upgrade's migration)
                # the application never sees the moment between REVOKE ALL and the GRANTs.
                connection = psycopg.connect(admin_url, dbname=database, autocommit=False)
                executed.append(f"\\connect {database}")
                continue
            query = substitute(text, variables, connection)
            cursor = connection.execute(query.encode())
            if kind == "sql":
                executed.append(query)
                continue
            for (generated,) in cursor.fetchall():
                connection.execute(generated.encode())
                executed.append(generated)
        if not connection.autocommit:
            connection.commit()
    finally:
        connection.close()
    return executed
