"""Browser tests: Playwright (pytest-playwright) driving Debian's Chromium against pytest-django's
live server, plus axe-core accessibility checks.

How the pieces fit together:

* Chromium is Debian's package (`apt-get install chromium`, /usr/bin/chromium); Playwright's own
  browser download (`playwright install`) is not used. `browser_type_launch_args` points
  pytest-playwright at that executable. Without it the whole directory is skipped.
* The site is served by pytest-django's `live_server` (a real HTTP server in a thread of this
  process); static files come from whitenoise's finders (settings.TESTING → WHITENOISE_USE_FINDERS).
  Every context gets the live server as `base_url`, so tests call `page.goto("/xxgk/")`.
* Playwright's sync API runs an asyncio event loop in the main thread; Django then refuses ORM
  calls from that thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set (it is, below). On SQLite the
  live server thread shares the test's in-memory connection, so test code touches the ORM only
  while the browser is idle (fixtures before the first page load, checks between page loads).
* The live server reads committed data only. `demo` gives a test its own demo site through
  pytest-django's `transactional_db` (flushed after the test; the flush re-emits post_migrate,
  which re-creates the role groups and the work calendar's years). The read-only modules here
  (test_public, test_staff, test_accessibility) share one demo site per module instead
  (`module_demo`, which explains why), loading it once and flushing it once.
* Content-Security-Policy: the site allows only `script-src 'self'` (no nonce), so the inline
  <script> element that `page.add_script_tag(path=axe.min.js)` inserts would be refused (the
  usual workaround is a context with Playwright's `bypass_csp=True`, which would also switch the
  CSP off for the page under test). Instead the `axe_page` fixture registers axe-core with
  `context.add_init_script(path=…)`: Playwright hands it to Chromium over the DevTools protocol
  (Page.addScriptToEvaluateOnNewDocument), it runs before the page's own scripts, and CSP does
  not apply to it. So axe checks the page exactly as visitors get it, CSP included. Every page
  fixture here also fails the test if the browser reports a CSP violation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the main thread (see above).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS_DIR = Path("/tmp/gongkai-shots")
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: apt-get install chromium")
    browser_dir = Path(__file__).resolve().parent
    for item in items:
        if browser_dir in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "zh-CN",
        "viewport": {"width": 1280, "height": 900},
    }


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fast_password_hashing(settings):
    """Eight demo accounts are created per test; PBKDF2's deliberate slowness would dominate the
    suite's run time. The live server thread reads the same settings object, so logins verify
    against this hasher too. (tests/conftest.py does the same suite-wide; this keeps the browser
    tests fast on their own.) Password hashing is the unit tests' business, not these."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


def _load_demo() -> None:
    from django.contrib.auth.models import Group

    from gongkai.core.roles import Role
    from tests import demo_snapshot

    # migrate, and the flush after every transactional test, emit post_migrate, which must have
    # (re-)created the role groups with their permissions (roles.sync_roles_after_migrate).
    # Say so plainly here rather than through a dozen confusing 403s further down.
    if not Group.objects.filter(name=Role.EDITOR, permissions__codename="access_staff_console").exists():
        pytest.fail("post_migrate did not sync the role groups (gongkai.core.roles.sync_roles_after_migrate)")
    demo_snapshot.load_demo()


@pytest.fixture
def demo(transactional_db, fast_password_hashing, demo_snapshot_dropped_at_end):
    """The demo site for one test: flushed afterwards (pytest-django's transactional_db)."""
    _load_demo()


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker, demo_snapshot_dropped_at_end):
    """The demo site shared by all tests of a module, for modules whose tests only read it.

    Restoring the demo (tests/demo_snapshot.py) takes a second, and every flush re-runs post_migrate
    (the work calendar's seeding: another second or more); modules whose tests only read share one.
    A module that uses this fixture must also override `transactional_db`, which pytest-django's live server
    requests for every test and which would flush after each one:

        @pytest.fixture
        def transactional_db(module_demo):
            ...  # keep the shared demo site instead of flushing after each test

    The data is committed (no transaction around the tests), so the live server sees it on
    PostgreSQL as on SQLite. Afterwards the database is flushed exactly as after a transactional
    test, post_migrate included, so the next module or test package starts from the same state.
    """
    from django.core.management import call_command
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        _load_demo()
        yield
        call_command("flush", verbosity=0, interactive=False, database="default")


@pytest.fixture
def context(context):
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


def _fail_on_csp_violations(page):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


@pytest.fixture
def page(context):
    """The ordinary page, with the site's CSP enforced: a CSP violation fails the test."""
    page = context.new_page()
    violations = _fail_on_csp_violations(page)
    yield page
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def axe_page(new_context):
    """A page with axe-core loaded into every document it opens (see the module docstring)."""
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} missing: run `npm ci` in the project root")
    context = new_context()
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    violations = _fail_on_csp_violations(page)
    yield page
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def login():
    """`login(page, username, password=DEMO_PASSWORD)`: sign in through the form, as a person would."""
    from gongkai.core.demo import DEMO_PASSWORD

    def _login(page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()

    return _login


# axe-core rule tags checked: WCAG 2.0/2.1 A and AA plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = ("serious", "critical")


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} serious/critical violation(s) on {url}"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"  * {json.dumps(node['target'], ensure_ascii=False)}")
            lines.append(f"    {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"  … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def axe_report():
    """`axe_report(page) -> str`: run axe-core on the page (which must come from `axe_page`);
    return "" when there is no violation of impact serious or critical, else a report naming
    every offending element, ready to be the message of a failed assertion."""

    def _report(page) -> str:
        assert page.evaluate("typeof axe !== 'undefined'"), "axe-core is not loaded: use the axe_page fixture"
        result = page.evaluate(
            "async (tags) => await axe.run(document, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
        return _format_violations(page.url, blocking) if blocking else ""

    return _report
