"""The public page cache (issue 12, speed under load): an anonymous visitor's GET of a public page is
served from a stored copy, one copy per address, language, 适老化 mode and *generation*.

What is cached: a 200 text/html response to an anonymous GET (HEAD is served from the GET's copy)
outside the console and the API, whose view did not refuse caching (Django's `never_cache` or any
`Cache-Control: private / no-store / no-cache`, or `pagecache.never`), set no cookie, changed no
session, left no message, varies on nothing but HX-Request (htmx requests bypass the cache) and holds
no per-visitor token (a form's signed `form_token`,
a CAPTCHA). A visitor carrying a session or messages cookie (staff, someone who just submitted a form)
or an `Authorization` header is never served from it nor stored.

CSRF: the header's language and 适老化 switches are POST forms, so nearly every page embeds a CSRF
token. The stored copy holds a placeholder in place of each token; every hit puts in a fresh token of
*this* visitor (`csrf_token`: Django's `get_token`, drawn faster; CsrfViewMiddleware's own
`process_request`/`process_response` read and set the visitor's CSRF cookie), so no token is shared.

CSP: pages carry no nonce (every script is an external file under `script-src 'self'`), so a stored
copy never freezes one; the CSP header is added to each hit by the CSP middleware as for any response.

Invalidation: every stored key contains the current generation, a random token kept in the `default`
cache (the database without Redis, so all gunicorn workers share it) and re-read at most once a second
per process. `invalidate()` draws a new one, so every copy is dropped at once. It runs after the commit
of every audit record (every state change of the platform writes one: a document published, an air hour
imported, the organisation settings changed …), of every Django-admin change, of every publishing
announcement (the air 日报 updated by late data) and after `migrate` (a deploy). A copy lives at most
`GONGKAI_PAGE_CACHE_SECONDS` in any case (default 300), which bounds pages that change with the clock
alone (a consultation closing at midnight). A render that started before a generation change is stored
under the old generation, which nobody reads any more, so a copy is never newer in key than in content.

Where: two middlewares. `PageCacheMiddleware` serves hits as early as it can: after the security,
static-file and CSP middlewares (whose headers every hit gets) and before sessions, language,
CommonMiddleware, CSRF and authentication, whose work a hit does not need beyond what it does itself
(the visitor's CSRF cookie, `Content-Language`, `Content-Length`); a hit costs no query. On a miss it
hands the key to `PageStoreMiddleware`, which sits after CsrfViewMiddleware (the stored response holds
no CSRF cookie yet) and before authentication, and stores the render. The copies live in the `pages`
cache: Redis with `REDIS_URL`, else each worker's own memory (never the database cache, whose reads
would cost what rendering does).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware

from gongkai.core.middleware import visitor_language

CACHE_ALIAS = "pages"  # settings.CACHES: Redis when configured, else per-process memory
GENERATION_KEY = "gk:pagecache:generation"  # in the shared "default" cache
GENERATION_RECHECK_SECONDS = 1.0  # a process sees another process's invalidation within this long
HEADER = "X-Gongkai-Cache"  # "hit" or "miss" on pages the cache handled

# Never cached, whatever the response says: the console, sign-in, the API, CAPTCHA images, the
# language switch, files.
SKIP_PREFIXES = ("/staff/", "/admin/", "/accounts/", "/api/", "/captcha/", "/i18n/", "/static/", "/media/")
# Per-visitor content a view may render without saying so: signed one-time form tokens
# (applications, interaction, eia guards) and CAPTCHA keys. A page holding one is not stored.
PER_VISITOR_MARKERS = (b'name="form_token"', b'name="captcha_0"')
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
ELDER_COOKIE = "gk_elder"  # core.views_public.toggle_elder_mode

# Django's {% csrf_token %}: <input type="hidden" name="csrfmiddlewaretoken" value="…">
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"gk-csrf-token-placeholder"
# Headers a hit must not repeat: the length changes with the token; cookies are never stored.
DROPPED_HEADERS = {"content-length", "set-cookie", HEADER.lower()}


@dataclass(frozen=True)
class Entry:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    has_csrf: bool


# --- generation --------------------------------------------------------------------------------


class _Generation:
    def __init__(self) -> None:
        self.value = ""
        self.read_at = 0.0
        self.lock = threading.Lock()

    def current(self) -> str:
        now = time.monotonic()
        if self.value and now - self.read_at < GENERATION_RECHECK_SECONDS:
            return self.value
        shared = caches["default"]
        value = shared.get(GENERATION_KEY)
        if value is None:  # first use, or culled: any new token drops every copy, never revives one
            shared.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
            value = shared.get(GENERATION_KEY) or secrets.token_hex(8)
        with self.lock:
            self.value, self.read_at = value, now
        return value

    def renew(self) -> None:
        value = secrets.token_hex(8)
        caches["default"].set(GENERATION_KEY, value, timeout=None)
        with self.lock:
            self.value, self.read_at = value, time.monotonic()


_generation = _Generation()


def generation() -> str:
    return _generation.current()


def invalidate() -> None:
    """Drop every cached page now (in this process; other processes within a second)."""
    _generation.renew()


def invalidate_on_commit(*args, **kwargs) -> None:
    """A signal receiver: drop every cached page once the current transaction commits."""
    transaction.on_commit(_invalidate_logged)


def _invalidate_logged() -> None:
    try:
        invalidate()
    except Exception:  # the change is committed; its pages refresh within PAGE_CACHE_SECONDS
        logging.getLogger(__name__).exception("page cache invalidation failed")


def invalidate_after_announcement(announcement) -> None:
    """A publishing listener (called after the publication's commit)."""
    invalidate()


def never(view):
    """Marks a view whose page must never be cached (Django's `never_cache` does the same and also
    tells browsers)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request._gongkai_page_cache_never = True
        return view(request, *args, **kwargs)

    return wrapped


# --- what may be cached --------------------------------------------------------------------------


def cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not settings.DISALLOWED_USER_AGENTS  # CommonMiddleware's check, which a hit skips
        and not request.path.startswith(SKIP_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META  # htmx partials (declared lists) are rendered each time
    )


def storable(request, response) -> bool:
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or response.cookies
        or not _varies_only_on_htmx(response)
        or getattr(request, "_gongkai_page_cache_never", False)
        or any(name.startswith("_csp") for name in vars(response))  # a per-view CSP change
        or len(response.content) > settings.PAGE_CACHE_MAX_BYTES
    ):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    return not any(marker in response.content for marker in PER_VISITOR_MARKERS)


def _varies_only_on_htmx(response) -> bool:
    """A declared list varies on HX-Request; htmx requests bypass the cache, so its full page may be
    stored. Any other Vary names something the key does not hold."""
    fields = {field.strip().lower() for field in response.get("Vary", "").split(",") if field.strip()}
    return fields <= {"hx-request"}


def page_key(request, generation: str, language: str) -> str:
    """The address (scheme, host, path and query), the language and the 适老化 mode."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"  # get_host checks the host
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    elder = "1" if request.COOKIES.get(ELDER_COOKIE) == "1" else "0"
    return f"gk:page:{generation}:{language}:{elder}:{digest}"


def freeze(response) -> Entry:
    content, count = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS)
    return Entry(content=content, headers=headers, has_csrf=bool(count))


def thaw(request, entry: Entry) -> HttpResponse:
    content = entry.content
    if entry.has_csrf:
        content = content.replace(CSRF_PLACEHOLDER, csrf_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry.headers:
        response[name] = value
    response["Content-Length"] = str(len(content))  # CommonMiddleware's, which a hit skips
    response[HEADER] = "hit"
    return response


# --- the visitor's CSRF token --------------------------------------------------------------------
# Django's get_token draws its 64 random characters one secrets.choice (one system call) each, which
# was a third of what a hit cost. csrf_token makes the same token (a random 32-character mask, then
# the secret shifted by it, over Django's 62 letters and digits) from a few random bytes: a byte is
# kept only below 248 = 4 × 62 and taken modulo 62, so each character stays uniformly random.

_CHARS = CSRF_ALLOWED_CHARS.encode()
_KEPT = 256 - 256 % len(_CHARS)
_INDEX_OF_BYTE = bytes(b % len(_CHARS) for b in range(256))  # applied to random bytes below _KEPT
_BIASED_BYTES = bytes(range(_KEPT, 256))
_INDEX_OF_CHAR = bytes(max(_CHARS.find(c), 0) for c in range(256))
_CHAR_OF_INDEX = bytes(_CHARS[i % len(_CHARS)] for i in range(256))


def _random_indices(count: int) -> bytes:
    drawn = b""
    while len(drawn) < count:
        drawn += secrets.token_bytes(count + 8).translate(_INDEX_OF_BYTE, _BIASED_BYTES)
    return drawn[:count]


def csrf_token(request) -> str:
    """`django.middleware.csrf.get_token`: the visitor's secret (from the cookie that
    CsrfViewMiddleware.process_request read, else a new one), masked afresh; the cookie is sent with
    the response."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_indices(CSRF_SECRET_LENGTH).translate(_CHAR_OF_INDEX).decode()
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_indices(CSRF_SECRET_LENGTH)
    shifted = secret.encode().translate(_INDEX_OF_CHAR)
    cipher = bytes((s + m) % len(_CHARS) for s, m in zip(shifted, mask, strict=True))
    return (mask + cipher).translate(_CHAR_OF_INDEX).decode()


# --- middleware ----------------------------------------------------------------------------------

KEY_ATTRIBUTE = "_gongkai_page_key"  # set on a cacheable miss for PageStoreMiddleware


class PageCacheMiddleware:
    """Serves stored copies (module docstring). Goes after the CSP middleware and before
    SessionMiddleware; PageStoreMiddleware stores what it missed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)  # its cookie handling, for hits

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        language = visitor_language(request)
        key = page_key(request, generation(), language)
        entry = caches[CACHE_ALIAS].get(key)
        if entry is None:
            setattr(request, KEY_ATTRIBUTE, key)
            return self.get_response(request)
        self.csrf.process_request(request)  # the visitor's CSRF secret, if the cookie holds one
        response = thaw(request, entry)
        response.headers.setdefault("Content-Language", language)  # as LanguageMiddleware
        return self.csrf.process_response(request, response)  # sets the visitor's CSRF cookie


class PageStoreMiddleware:
    """Stores the render of a request PageCacheMiddleware missed, when storable. Goes after
    CsrfViewMiddleware and before AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, KEY_ATTRIBUTE, None)
        if key is not None and storable(request, response):
            caches[CACHE_ALIAS].set(key, freeze(response), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response
