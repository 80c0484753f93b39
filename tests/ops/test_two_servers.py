"""Two servers behind nginx, as deploy/loopback-cluster.sh deploys them (PostgreSQL + Redis + two
`gongkai serve` + two `gongkai worker` + nginx with TLS on a non-443 port): sessions, lockouts and
rate limits are shared, each periodic job runs once, the real client address is seen behind nginx,
and the backup, drop, restore and verify drill ends with a working site.

Runs where nginx, openssl, psql, PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on
127.0.0.1:6379 exist; skipped otherwise. Its own ports, directory, database and Redis database;
everything it starts is stopped at the end, also on failure. Static files are collected once into a
cache directory reused while the static sources do not change (a release collects them once)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from .helpers import PROJECT, postgres_url

SCRIPT = PROJECT / "deploy" / "loopback-cluster.sh"
# The PostgreSQL run of the suite (CI runs it once on SQLite, once on PostgreSQL: this test once).
PG_ADMIN = (postgres_url() or "postgres://postgres@127.0.0.1:5432/x").rpartition("/")[0] + "/postgres"
REDIS = "redis://127.0.0.1:6379/12"
DATABASE = "gongkai_cluster_test"
SEARCH_LIMIT = 3
SEARCH = "/sources/?q=" + urllib.parse.quote("化工")


def _services_missing() -> str | None:
    if not postgres_url():
        return "PostgreSQL run only (DATABASE_URL=postgres://…)"
    for tool in ("nginx", "openssl", "psql", "curl"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    try:
        import psycopg
        import redis

        psycopg.connect(PG_ADMIN, connect_timeout=2).close()
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as error:
        return f"PostgreSQL or Redis not reachable: {error}"
    return None


pytestmark = pytest.mark.skipif(_services_missing() is not None, reason=str(_services_missing()))


def _free_base_port() -> int:
    """Three consecutive free ports in 20000-29999 (nginx, server A, server B)."""
    for base in range(20000 + os.getpid() % 3000 * 3, 30000, 3):
        try:
            for port in range(base, base + 3):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


class Browser:
    """A visitor with cookies, connecting from its own loopback address (127.0.0.N), so that nginx
    sees a distinct client; `forwarded` is a forged X-Forwarded-For it sends along."""

    def __init__(self, port: int, *, source: str = "127.0.0.1", tls: bool = True, forwarded: str = ""):
        self.port, self.source, self.tls, self.forwarded = port, source, tls, forwarded
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, files: dict | None = None
    ) -> tuple[int, dict, str]:
        if self.tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                self.port,
                timeout=30,
                source_address=(self.source, 0),
                context=ssl._create_unverified_context(),
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
            )
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"Host": f"127.0.0.1:{self.port}", "Origin": origin, "Referer": origin + "/"}
        if not self.tls:  # straight to one app server, as nginx would forward it
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = self.forwarded or self.source
        elif self.forwarded:
            headers["X-Forwarded-For"] = self.forwarded
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if files:
            boundary = "gongkai-boundary-7e3f"
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                for name, value in (form or {}).items()
            ]
            for name, (filename, content, kind) in files.items():
                head = (
                    f"--{boundary}\r\n"
                    f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {kind}\r\n\r\n"
                )
                parts.append(head.encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _sep, _attributes = value.partition(";")
                key, _eq, content = cookie.partition("=")
                self.cookies[key.strip()] = content
        connection.close()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, text

    def login(self, username: str, password: str, captcha_answer) -> tuple[int, dict]:
        status, _headers, page = self.request("GET", "/accounts/login/")
        assert status == 200, page[:500]
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        }
        captcha = re.search(r'name="captcha_0" value="([^"]+)"', page)
        if captcha:
            form |= {"captcha_0": captcha.group(1), "captcha_1": captcha_answer(captcha.group(1))}
        status, headers, page = self.request("POST", "/accounts/login/", form)
        captcha = re.search(r'name="captcha_0" value="([^"]+)"', page)
        if status == 200 and "captcha_1" not in form and captcha:
            # The CAPTCHA became due for this username: answer it, as a person would.
            form |= {"captcha_0": captcha.group(1), "captcha_1": captcha_answer(captcha.group(1))}
            form["csrfmiddlewaretoken"] = re.search(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', page
            ).group(1)
            status, headers, _page = self.request("POST", "/accounts/login/", form)
        return status, headers


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    base = _free_base_port()
    directory = tmp_path_factory.mktemp("cluster")
    static_cache = Path(tempfile.gettempdir()) / f"gongkai-cluster-static-{os.getuid()}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_", "DJANGO_"))},
        "GK_SKIP_INSTALL": "1",
        "GK_CLUSTER_DIR": str(directory),
        "GK_CLUSTER_PORT": str(base),
        "GK_CLUSTER_DB": DATABASE,
        "GK_PG_ADMIN_URL": PG_ADMIN,
        "GK_REDIS": REDIS,
        "GK_STATIC_ROOT": str(static_cache),
        "GK_WEB_WORKERS": "1",  # two servers are the point, not the workers within one (CI time)
        "GK_EXTRA_ENV": f"GONGKAI_SOURCES_SEARCH_PER_MINUTE={SEARCH_LIMIT}",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)

    def run(command: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["bash", str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    try:
        run("up")
        yield {
            "port": base,
            "servers": (base + 1, base + 2),
            "dir": directory,
            "password": (directory / "admin-password").read_text().strip(),
            "run": run,
        }
    finally:
        subprocess.run(["bash", str(SCRIPT), "down"], env=env, timeout=120, check=False)
        subprocess.run(
            ["psql", "-q", PG_ADMIN, "-c", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'],
            timeout=60,
            check=False,
            capture_output=True,
        )


def query(sql: str, *params):
    import psycopg

    with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + f"/{DATABASE}") as connection:
        return connection.execute(sql, params).fetchall()


def captcha_answer(key: str) -> str:
    return query("SELECT response FROM captcha_captchastore WHERE hashkey = %s", key)[0][0]


def log_lines(cluster, *names: str) -> list[dict]:
    lines = []
    for name in names:
        for line in (cluster["dir"] / "log" / f"{name}.log").read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                lines.append({**json.loads(line), "file": name})
    return lines


def test_a_session_opened_on_one_server_is_valid_on_the_other(cluster):
    first, second = cluster["servers"]
    browser = Browser(first, source="127.0.0.5", tls=False)
    status, headers = browser.login("admin", cluster["password"], captcha_answer)
    assert status == 302, headers
    browser.port = second
    status, headers, _text = browser.request("GET", "/staff/")
    # Signed in on the other server: sent on to the first-login password change, not to the login.
    assert status == 302 and headers["location"].startswith("/accounts/password/"), headers


def test_the_lockout_is_shared_and_sees_the_real_client_behind_nginx(cluster):
    # Five failures alternately on each server, as nginx forwards them (a forged address, then the
    # real one nginx appended): the count is shared, the fifth is refused.
    for attempt in range(5):
        server = cluster["servers"][attempt % 2]
        direct = Browser(server, source="127.0.0.7", tls=False, forwarded="192.0.2.99, 127.0.0.7")
        status, _headers = direct.login("admin", "Wrong#pass2026", captcha_answer)
    assert status == 429
    # Through nginx itself, from that address with a forged X-Forwarded-For: still locked.
    attacker = Browser(cluster["port"], source="127.0.0.7", forwarded="192.0.2.99")
    assert attacker.login("admin", cluster["password"], captcha_answer)[0] == 429
    assert {str(row[0]) for row in query("SELECT ip_address FROM axes_accessattempt")} == {"127.0.0.7"}
    # The account is locked for that address only, not for everybody behind nginx.
    assert (
        Browser(cluster["port"], source="127.0.0.8").login("admin", cluster["password"], captcha_answer)[0]
        == 302
    )

    lines = log_lines(cluster, "web-a", "web-b")
    refused = [line for line in lines if line.get("event") == "request" and line["status"] == 429]
    assert refused and {line["ip"] for line in refused} == {"127.0.0.7"}
    assert {line["file"] for line in lines if line.get("ip") == "127.0.0.7"} == {"web-a", "web-b"}
    # Never the forged address, never nginx's own.
    assert not [line for line in lines if line.get("ip") in ("192.0.2.99", "127.0.0.1")]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    assert "Wrong#pass2026" not in text and cluster["password"] not in text


def test_rate_limits_are_counted_once_for_both_servers(cluster):
    searcher = Browser(cluster["port"], source="127.0.0.9")
    # A different query each time: a repeated one is answered from the public page cache, which costs
    # the servers nothing and is not counted (core.pagecache).
    answers = [searcher.request("GET", f"{SEARCH}&n={n}") for n in range(2 * SEARCH_LIMIT + 2)]
    assert len({headers["x-gongkai-upstream"] for _status, headers, _text in answers}) == 2
    assert 429 in [status for status, _headers, _text in answers]
    assert Browser(cluster["port"], source="127.0.0.10").request("GET", SEARCH)[0] == 200


def test_each_periodic_job_runs_once_with_two_workers(cluster):
    deadline = time.monotonic() + 70
    while True:
        lines = log_lines(cluster, "worker-a", "worker-b")
        decisions = [line for line in lines if line.get("event") in ("periodic-claim", "periodic-skip")]
        minutes_a = {line["minute"] for line in decisions if line["file"] == "worker-a"}
        minutes_b = {line["minute"] for line in decisions if line["file"] == "worker-b"}
        if minutes_a & minutes_b or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert minutes_a & minutes_b, "both schedulers checked the same minute"
    claims: dict[tuple[str, str], int] = {}
    for line in decisions:
        if line["event"] == "periodic-claim":
            claims[line["task"], line["minute"]] = claims.get((line["task"], line["minute"]), 0) + 1
    assert claims and set(claims.values()) == {1}
    assert {line["event"] for line in decisions} == {"periodic-claim", "periodic-skip"}
    # The heartbeat job ran as often as it was claimed, not once per worker.
    heartbeat_claims = sum(1 for task, _minute in claims if task == "worker_heartbeat")
    runs = [
        line for line in lines if line["message"].startswith("Executing gongkai.ops.tasks.worker_heartbeat")
    ]
    assert len(runs) <= heartbeat_claims


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_upload_through_nginx_is_stored_once_in_the_shared_data_directory(cluster):
    visitor = Browser(cluster["port"], source="127.0.0.12")
    status, _headers, page = visitor.request("GET", "/hudong/write/")
    assert status == 200

    def hidden(name: str) -> str:
        return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)

    key = hidden("captcha_0")
    form = {
        "csrfmiddlewaretoken": hidden("csrfmiddlewaretoken"),
        "form_token": hidden("form_token"),
        "website": "",
        "kind": "report",  # a pollution report: the kind of message that keeps its photos
        "pollution_kind": "air",
        "district": re.search(r'name="district".*?<option value="([^"]+)"', page, re.S).group(1),
        "location": "示例路1号附近",
        "title": "双机部署测试举报",
        "body": "示例路附近有烟尘排放，照片见附件，请核查处理。",
        "name": "测试",
        "phone": "13800000000",
        "captcha_0": key,
        "captcha_1": captcha_answer(key),
    }
    time.sleep(3.2)  # the public forms refuse what is filled in faster than a person can
    status, _headers, page = visitor.request(
        "POST", "/hudong/write/", form, files={"photos": ("site.png", png(), "image/png")}
    )
    assert status == 302, page[:2000]
    stored = query("SELECT file FROM interaction_photo")
    assert len(stored) == 1
    assert (cluster["dir"] / "data" / "private" / "interaction" / stored[0][0]).is_file()


def test_the_documented_upgrade_reloads_both_servers_without_a_5xx(cluster):
    import threading

    statuses: list[int] = []
    done = threading.Event()

    def visit() -> None:
        visitor = Browser(cluster["port"], source="127.0.0.13")
        while not done.is_set():
            try:
                statuses.append(visitor.request("GET", "/")[0])
            except OSError:  # a refused or dropped connection counts as an error too
                statuses.append(599)

    visitors = [threading.Thread(target=visit) for _ in range(2)]
    for thread in visitors:
        thread.start()
    try:
        result = cluster["run"]("upgrade")
    finally:
        done.set()
        for thread in visitors:
            thread.join(timeout=60)
    assert "✓ 升级完成" in result.stdout
    assert statuses and max(statuses) < 500, sorted(set(statuses))
    assert Browser(cluster["port"], source="127.0.0.13").request("GET", "/healthz")[0] == 200


def test_backup_drop_restore_and_verify(cluster):
    result = cluster["run"]("drill")
    assert "审计日志哈希链完好" in (cluster["dir"] / "log" / "restore.log").read_text(encoding="utf-8")
    assert "✓ 备份、删除、恢复、核对完成" in result.stdout
    # The administrator, the lockout record and the sessions came back with the database.
    assert query("SELECT count(*) FROM core_user WHERE username = 'admin'")[0][0] == 1
    # The uploaded photo came back with the data directory (restore checked every referenced file).
    photo = query("SELECT file FROM interaction_photo")[0][0]
    assert (cluster["dir"] / "data" / "private" / "interaction" / photo).is_file()
    visitor = Browser(cluster["port"], source="127.0.0.11")
    assert visitor.login("admin", cluster["password"], captcha_answer)[0] == 302
    assert (
        Browser(cluster["port"], source="127.0.0.7").login("admin", cluster["password"], captcha_answer)[0]
        == 429
    )
