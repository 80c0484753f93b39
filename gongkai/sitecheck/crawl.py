"""Crawling the site itself, in process, through Django's test client: no network, no web server, the
pages exactly as a visitor gets them. From the home page and every URL of the sitemap registry
(core.sitemaps), internal links are followed breadth first up to SITECHECK_MAX_PAGES; links with a
query string are not followed (filters and pages multiply without end) unless SITECHECK_FOLLOW_QUERIES;
the console, admin, API and account paths are skipped (SITECHECK_SKIP_PREFIXES). Static files are looked
up in the static storage. Attachments (PDF, DOCX, XLSX …) are fetched for the personal-data rescan.

External links are collected, and checked only when SITECHECK_EXTERNAL_LINKS is on: one HEAD request
(GET when refused) per link, SITECHECK_EXTERNAL_TIMEOUT seconds each, at least SITECHECK_EXTERNAL_DELAY
seconds between two requests to one host (politeness), at most SITECHECK_EXTERNAL_MAX links a scan."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

DEFAULT_SKIP = (
    "/staff/",
    "/admin/",
    "/api/",
    "/accounts/",
    "/captcha/",
    "/i18n/",
    "/healthz",
    "/login",
    "/logout",
)
ATTACHMENT_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument",
    "application/msword",
    "application/vnd.ms-excel",
    "text/plain",
)
USER_AGENT = "gongkai-sitecheck/1.0 (website self-inspection)"


def option(name: str, default):
    return getattr(settings, name, default)


class _Page(HTMLParser):
    """Links (a, img, script, link, iframe), the text of <main> (the whole body without one), the
    PubDate meta tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.main: list[str] = []
        self.body: list[str] = []
        self.meta_date = ""
        self._skip = 0
        self._in_main = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "img", "script", "link", "iframe", "source"):
                self.links.append(values[name])
        if tag == "meta" and (values.get("name") or "").lower() == "pubdate":
            self.meta_date = values.get("content") or ""
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        if tag == "main":
            self._in_main += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript") and self._skip:
            self._skip -= 1
        if tag == "main" and self._in_main:
            self._in_main -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.body.append(data)
        if self._in_main:
            self.main.append(data)

    @property
    def text(self) -> str:
        return "".join(self.main or self.body)


@dataclass
class Visited:
    path: str
    status: int
    referrer: str
    content_type: str = ""
    text: str = ""  # the main text of an HTML page
    meta_date: str = ""
    data: bytes = b""  # an attachment's content
    links: list[str] = field(default_factory=list)


def _host() -> str:
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*",) and "*" not in h]
    return hosts[0] if hosts else "localhost"


def _internal_path(link: str, base: str, host: str) -> tuple[str | None, str | None]:
    """(internal path, external URL): one of them, or neither (mailto:, javascript:, tel:, #)."""
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None, None
    absolute = urldefrag(urljoin(f"http://{host}{base}", link))[0]
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https"):
        return None, None
    if parts.hostname in (host, "testserver", "localhost") or parts.hostname == _host():
        return parts.path + (f"?{parts.query}" if parts.query else ""), None
    return None, absolute


def crawl(start: list[str], *, max_pages: int | None = None) -> Iterator[Visited]:
    """Every internal page reachable from `start`, each once, as `Visited`; external URLs found are in
    each page's `links` only when they are external (absolute)."""
    max_pages = max_pages or option("SITECHECK_MAX_PAGES", 60_000)
    skip = tuple(option("SITECHECK_SKIP_PREFIXES", DEFAULT_SKIP))
    follow_queries = option("SITECHECK_FOLLOW_QUERIES", False)
    host = _host()
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))  # HTTPS mode: crawl as HTTPS
    client = Client(HTTP_HOST=host, raise_request_exception=False, HTTP_USER_AGENT=USER_AGENT)
    queue = deque((path, "") for path in start)
    seen = set(start)
    static_url = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    done = 0
    while queue and done < max_pages:
        path, referrer = queue.popleft()
        done += 1
        if path.startswith(static_url):
            name = path[len(static_url) :].split("?")[0]
            yield Visited(path, 200 if _static_exists(name) else 404, referrer)
            continue
        response = client.get(path, secure=secure)
        visit = Visited(path, response.status_code, referrer, response.get("Content-Type", ""))
        if 300 <= response.status_code < 400:
            target, _external = _internal_path(response.get("Location", ""), path, host)
            if target and target not in seen and not target.startswith(skip):
                seen.add(target)
                queue.append((target, path))
        elif response.status_code == 200 and visit.content_type.startswith("text/html"):
            page = _Page()
            page.feed(_body(response).decode(response.charset or "utf-8", "replace"))
            visit.text, visit.meta_date = page.text, page.meta_date
            for link in page.links:
                internal, external = _internal_path(link, path, host)
                if external:
                    visit.links.append(external)
                elif internal and internal not in seen and not internal.startswith(skip):
                    if "?" in internal and not follow_queries:
                        continue
                    seen.add(internal)
                    queue.append((internal, path))
        elif response.status_code == 200 and visit.content_type.startswith(ATTACHMENT_TYPES):
            visit.data = _body(response)
        yield visit


def _static_exists(name: str) -> bool:
    """In the collected static files (production), else where the finders look (development)."""
    try:
        if staticfiles_storage.exists(name):
            return True
    except (OSError, ValueError):
        pass
    return bool(finders.find(name))


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def fetch_status(url: str, timeout: float) -> int:
    """The HTTP status of an external URL (0: unreachable)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 (http/https links only)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
                return response.status
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return error.code
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            return 0
    return 0


def check_external(
    urls: dict[str, str],
    *,
    fetch: Callable[[str, float], int] = fetch_status,
    sleep=time.sleep,
    clock=time.monotonic,
) -> list[tuple[str, int, str]]:
    """(url, status, referrer) of each external link that fails, politely (see module doc)."""
    timeout = float(option("SITECHECK_EXTERNAL_TIMEOUT", 10))
    delay = float(option("SITECHECK_EXTERNAL_DELAY", 1.0))
    limit = int(option("SITECHECK_EXTERNAL_MAX", 500))
    last: dict[str, float] = {}
    failed = []
    for url, referrer in list(urls.items())[:limit]:
        host = urlsplit(url).hostname or ""
        wait = last.get(host, -delay) + delay - clock()
        if wait > 0:
            sleep(wait)
        status = fetch(url, timeout)
        last[host] = clock()
        if not 200 <= status < 400:
            failed.append((url, status, referrer))
    return failed
