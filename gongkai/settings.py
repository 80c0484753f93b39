"""The one settings module: everything that differs between machines comes from the environment.

Every variable is listed with its default in README.md ("Configuration")."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# GONGKAI_ENV: "production" (the default: safe), "demo" or "test".
ENVIRONMENT = os.environ.get("GONGKAI_ENV", "production").strip().lower()
DEMO = ENVIRONMENT == "demo"
TESTING = ENVIRONMENT == "test" or "PYTEST_VERSION" in os.environ
DEBUG = env_bool("GONGKAI_DEBUG", False)

# pytest-django imports this module before any conftest runs, so the test suite's own data
# directory (secret key, mail, job queue) is made here: tests never write into ./data.
if TESTING and not os.environ.get("GONGKAI_DATA_DIR"):
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-tests-")
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", PROJECT_DIR / "data")).resolve()


def _private_data_dir(path: Path) -> None:
    # The data directory holds the database, uploads and mail: 0700 (GB/T 22239-2019 8.1.4.11).
    from gongkai.core.filemodes import private_dir

    private_dir(path)


_private_data_dir(DATA_DIR)


def _secret_key() -> str:
    """Production must set SECRET_KEY (`gongkai check` fails otherwise); the demo and tests
    generate one once and keep it in the data directory so that sessions survive restarts."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))

# Keys held outside the database (GB/T 22239-2019 8.1.4.3 c, 8.1.4.8): a copy of the database
# alone can neither forge the audit chain nor read personal data. Production must set them
# (`gongkai check` fails otherwise) and keep a copy elsewhere; without the encryption key the
# stored identity numbers, phones and addresses cannot be read back.
# DEMO/TEST ONLY: these fixed defaults are public and protect nothing.
DEMO_AUDIT_KEY = "gongkai-demo-audit-key-NOT-FOR-PRODUCTION"
AUDIT_KEY = os.environ.get("GONGKAI_AUDIT_KEY", "") or (DEMO_AUDIT_KEY if (DEMO or TESTING) else "")
DEMO_DATA_KEY = "gongkai-demo-data-key-NOT-FOR-PRODUCTION"
DATA_KEY = os.environ.get("GONGKAI_DATA_KEY", "") or (DEMO_DATA_KEY if (DEMO or TESTING) else "")
DATA_KEYS_OLD = env_list("GONGKAI_DATA_KEYS_OLD")  # previous master keys, until `gongkai keys rotate`
# "sm4" (default: SM4-GCM where the installed cryptography offers it, else AES-256-GCM) or "aes".
DATA_CIPHER_SETTING = os.environ.get("GONGKAI_DATA_CIPHER", "sm4")


def _data_cipher() -> str:
    from gongkai.core.crypto import chosen_cipher

    return chosen_cipher(DATA_CIPHER_SETTING)


DATA_CIPHER = _data_cipher()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEMO or TESTING or DEBUG) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "gongkai.core.captcha_app.CaptchaConfig",  # django-simple-captcha: drawn locally, no outside service
    "huey.contrib.djhuey",
    "ninja",  # serves the Swagger UI from its own static files instead of a CDN
    "gongkai.core",
    "gongkai.audit",
    "gongkai.workcalendar",
    "gongkai.privacy",
    "gongkai.ops",
    "gongkai.intake",
    "gongkai.disclosure",
    "gongkai.applications",
    "gongkai.air",
    "gongkai.enforcement",
    "gongkai.annual",
    "gongkai.sitecheck",
    "gongkai.water",
    "gongkai.sources",
    "gongkai.licensing",
    "gongkai.eia",
    "gongkai.interaction",
]

MIDDLEWARE = [
    "gongkai.ops.middleware.HealthCheckMiddleware",  # /healthz for the load balancer, before host checks
    "gongkai.ops.middleware.RequestLogMiddleware",  # one structured line per request, real client IP
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "gongkai.core.middleware.StaticPolicyCSPMiddleware",  # django-csp's, the policy built once
    # Anonymous public pages served from the page cache, with the headers above and before the work
    # below that a stored page does not need (gongkai/core/pagecache.py).
    "gongkai.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.core.middleware.LanguageMiddleware",
    "gongkai.core.api_errors.ApiBodyGuardMiddleware",  # 413/415/400 in Chinese JSON before the API
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Stores what PageCacheMiddleware missed; inside CSRF, so the response holds no CSRF cookie yet.
    "gongkai.core.pagecache.PageStoreMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the idle timeout, which tells the user why they were signed out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.core.middleware.RequestContextMiddleware",
    "gongkai.core.middleware.IdleTimeoutMiddleware",
    "gongkai.core.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades that fail.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and jobs -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gongkai",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_cache",
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": str(DATA_DIR / "jobs.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
# A running import job without a heartbeat for this long was abandoned by a stopped worker; the
# reaper (gongkai.intake.tasks) then ends it as failed.
INTAKE_STALE_MINUTES = int(os.environ.get("INTAKE_STALE_MINUTES", "30"))

# Pollution-source registry (gongkai/sources, issue 15). The national permit platform's record of a
# permit: "{number}" is replaced by the permit number; without it the link opens the platform itself
# (the per-permit address pattern is not confirmed, so a bureau sets it).
SOURCES_PERMIT_URL = os.environ.get("GONGKAI_SOURCES_PERMIT_URL", "https://permit.mee.gov.cn/")
# The 名录's yearly publication date (MM-DD). regulations.md does not give the date of the
# 《环境监管重点单位名录管理办法》(2022); "by the end of March" is common practice [U].
SOURCES_KEY_UNITS_DUE = os.environ.get("GONGKAI_SOURCES_KEY_UNITS_DUE", "03-31")
# The 主动公开 catalogue row the 名录 is drafted under (default 03.07 环境监督检查, 条例 Art. 20(13)).
SOURCES_KEY_UNITS_CATALOGUE_CODE = os.environ.get("GONGKAI_SOURCES_KEY_UNITS_CATALOGUE", "03.07")
# Public keyword searches of the registry's pages per client address and minute (core.ratelimit).
SOURCES_SEARCH_PER_MINUTE = int(os.environ.get("GONGKAI_SOURCES_SEARCH_PER_MINUTE", "60"))
# Online monitoring over HJ 212 (gongkai/sources/online.py, issue 16). An hourly mean from minute data is
# valid with this many minutes of valid (N) data: 45, HJ 75-2017 as cited in standards.md §6 [C].
HJ212_HOURLY_VALID_MINUTES = int(os.environ.get("GONGKAI_HJ212_HOURLY_VALID_MINUTES", "45"))
# A daily mean from hourly means needs this many valid hours (no confirmed number, standards.md §6).
HJ212_DAILY_VALID_HOURS = int(os.environ.get("GONGKAI_HJ212_DAILY_VALID_HOURS", "20"))
# An open exceedance becomes public after this many hours without an officer's decision; unset (the
# default): only an officer's confirmation publishes it.
HJ212_EXCEEDANCE_AUTO_CONFIRM_HOURS = (
    int(os.environ["GONGKAI_HJ212_EXCEEDANCE_AUTO_CONFIRM_HOURS"])
    if os.environ.get("GONGKAI_HJ212_EXCEEDANCE_AUTO_CONFIRM_HOURS")
    else None
)
# PostgreSQL: monthly partitions of the monitoring data created ahead by the worker (sources/partitions.py).
HJ212_PARTITION_MONTHS_AHEAD = int(os.environ.get("GONGKAI_HJ212_PARTITION_MONTHS_AHEAD", "3"))
# Where platform receivers (gongkai hj212 serve) write their Prometheus text every 5 s; the console's
# receiver-metrics page reads every *.prom file there (one per receiver, also on shared storage).
HJ212_METRICS_DIR = Path(os.environ.get("GONGKAI_HJ212_METRICS_DIR", DATA_DIR / "hj212-metrics"))
# The publicity period of a permit application (许可申请公示), in working days from its first day.
# Not in ../shared/domain/: 《排污许可管理办法（试行）》(2018) Art. 25 as quoted secondhand says "不得少于
# 五个工作日" for 重点管理 applicants; the 2021 条例's own rule is unconfirmed [U], so a bureau sets it.
SOURCES_PERMIT_PUBLICITY_WORKDAYS = int(os.environ.get("GONGKAI_SOURCES_PERMIT_PUBLICITY_WORKDAYS", "5"))
# The public page cache (gongkai/core/pagecache.py): each worker's memory, or Redis when configured —
# never the database cache, whose reads cost what rendering does. Its invalidation counter lives in the
# "default" cache, which all workers share.
PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "300"))  # 0 switches it off
PAGE_CACHE_MAX_BYTES = int(os.environ.get("GONGKAI_PAGE_CACHE_MAX_KB", "1024")) * 1024
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY["immediate"] = True
    # Tests change data through the ORM between requests without the services' invalidation; the
    # page cache's own tests switch it on (tests/core/test_pagecache.py).
    PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "0"))
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pages"}
    if REDIS_URL and not TESTING
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("GONGKAI_PAGE_CACHE_ENTRIES", "1000"))},
    }
)
# Rate-limit counters (gongkai.core.ratelimit): Redis's atomic INCR when configured, otherwise an
# atomic database counter; `gongkai check` refuses a cache that is not atomic across processes.
RATE_LIMIT_BACKEND = os.environ.get("GONGKAI_RATE_LIMIT_BACKEND", "cache" if REDIS_URL else "database")

# --- authentication and the security baseline (等保 level-3 habits) -----------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email"), "max_similarity": 0.6},
    },
    {"NAME": "gongkai.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "gongkai.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gongkai.core.passwords.NotOnlyUsernameValidator"},
    {
        "NAME": "gongkai.core.passwords.PatternValidator",
        "OPTIONS": {"min_free_characters": 4, "min_score": 3},
    },
    {
        "NAME": "gongkai.core.passwords.HistoryValidator",
        "OPTIONS": {"keep": int(os.environ.get("GONGKAI_PASSWORD_HISTORY", "5"))},
    },
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff_home"
LOGOUT_REDIRECT_URL = "core:home"

# The page the site-wide search box submits to (GET ?q=); the disclosure search covers the site today.
SITE_SEARCH_URL_NAME = "disclosure:search"

AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
# GB/T 22239-2019 level 3, 8.1.4.1 b (登录失败处理): the lockout counts failures per username
# *and* real client address, so failures from one address on one account lock neither other
# accounts nor the same account from elsewhere; an address spraying many usernames gets an
# exponential backoff instead, and a CAPTCHA is due after LOGIN_CAPTCHA_AFTER failures.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The number of reverse proxies in front of the application that append to X-Forwarded-For
# (1 behind one nginx); every client address (lockout, rate limits, audit) comes from
# gongkai.core.middleware.client_ip, which trusts exactly this many hops.
PROXY_COUNT = int(os.environ.get("GONGKAI_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "gongkai.core.middleware.client_ip"
LOGIN_IP_BACKOFF_AFTER = int(os.environ.get("GONGKAI_LOGIN_IP_BACKOFF_AFTER", "10"))
LOGIN_IP_BACKOFF_MAX_SECONDS = int(os.environ.get("GONGKAI_LOGIN_IP_BACKOFF_MAX_SECONDS", "900"))
LOGIN_CAPTCHA_AFTER = int(os.environ.get("GONGKAI_LOGIN_CAPTCHA_AFTER", "3"))
CAPTCHA_LENGTH = 5
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_TIMEOUT = 5  # minutes
CAPTCHA_LETTER_ROTATION = (-25, 25)

SESSION_IDLE_TIMEOUT_SECONDS = int(os.environ.get("GONGKAI_IDLE_TIMEOUT_MINUTES", "30")) * 60
# A staff session ends with the browser, after the idle timeout, and at the latest this long after
# signing in (IdleTimeoutMiddleware); the cookie's own age is the same cap.
SESSION_ABSOLUTE_LIMIT_SECONDS = int(float(os.environ.get("GONGKAI_SESSION_MAX_HOURS", "8")) * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIMIT_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
HTTPS = env_bool("GONGKAI_HTTPS", not (DEMO or TESTING or DEBUG))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("GONGKAI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# GONGKAI_SITE_URL: the public address links in e-mails point to (absolute, e.g.
# "https://sthjj.example.gov.cn"); default: the first named host of ALLOWED_HOSTS, the scheme
# following GONGKAI_HTTPS.
_SITE_HOST = next((host.lstrip(".") for host in ALLOWED_HOSTS if host not in ("*", "")), "localhost")
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "").strip().rstrip("/") or (
    f"{'https' if HTTPS else 'http'}://{_SITE_HOST}"
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "gongkai.core.views_public.csrf_failure"
LANGUAGE_COOKIE_NAME = "gk_lang"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # No nonce: every script is a file of our own, so a cached page freezes no per-response value.
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- internationalisation: Chinese first, English second ---------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("GONGKAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GONGKAI_STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads carry applicants' identity documents: readable only by the service user.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Decompression limits for uploaded DOCX/XLSX/ZIP (gongkai.core.zipguard): unpacked size and ratio.
UPLOAD_MAX_UNPACKED_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_UNPACKED_MB", "64")) * 1024 * 1024
UPLOAD_MAX_COMPRESSION_RATIO = int(os.environ.get("GONGKAI_UPLOAD_MAX_RATIO", "100"))
# 从 Word 导入 into the 正文 editor (disclosure.wordimport): largest .docx accepted (ours, not a standard).
WORD_IMPORT_MAX_BYTES = int(os.environ.get("GONGKAI_WORD_IMPORT_MAX_MB", "10")) * 1024 * 1024
# The API's request bodies (JSON only): larger ones get a JSON 413, deeper ones a 400.
API_MAX_BODY_BYTES = int(os.environ.get("GONGKAI_API_MAX_BODY_MB", "5")) * 1024 * 1024
API_MAX_JSON_DEPTH = int(os.environ.get("GONGKAI_API_MAX_JSON_DEPTH", "32"))

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# GONGKAI_ADMINS="张三 <a@example.gov.cn>,李四 <b@example.gov.cn>": who gets system alerts.
ADMINS = [
    (entry.split("<")[0].strip(), entry.split("<")[1].rstrip(">").strip()) if "<" in entry else (entry, entry)
    for entry in env_list("GONGKAI_ADMINS")
]
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # Without an SMTP server mail is written to files in the data directory, never lost.
    EMAIL_BACKEND = "gongkai.core.mail.PrivateFileEmailBackend"  # files 0600 in a 0700 folder
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Notifications (gongkai/core/notify.py): e-mail through the backend above unless
# GONGKAI_NOTIFY_EMAIL_BACKEND names another; SMS through GONGKAI_SMS_BACKEND (console by default,
# gongkai.core.notify.FileSmsBackend for files under DATA_DIR/sms; in production
# gongkai.core.notify.HttpSmsGateway (JSON over HTTPS, documented on the class) or a SmsGateway subclass).
NOTIFY_EMAIL_BACKEND = os.environ.get("GONGKAI_NOTIFY_EMAIL_BACKEND", "")
SMS_BACKEND = os.environ.get("GONGKAI_SMS_BACKEND", "gongkai.core.notify.ConsoleSmsBackend")
SMS_FILE_PATH = Path(os.environ.get("GONGKAI_SMS_FILE_PATH", str(DATA_DIR / "sms")))
SMS_GATEWAY_URL = os.environ.get("GONGKAI_SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = os.environ.get("GONGKAI_SMS_GATEWAY_KEY", "")
SMS_GATEWAY_SIGN = os.environ.get("GONGKAI_SMS_GATEWAY_SIGN", "")
SMS_GATEWAY_ACCOUNT = os.environ.get("GONGKAI_SMS_GATEWAY_ACCOUNT", "")
SMS_GATEWAY_TEMPLATE = os.environ.get("GONGKAI_SMS_GATEWAY_TEMPLATE", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("GONGKAI_SMS_GATEWAY_TIMEOUT", "10"))
SMS_GATEWAY_OK_CODES = os.environ.get("GONGKAI_SMS_GATEWAY_OK_CODES", "0,OK")

# --- operations (gongkai/ops) ---------------------------------------------------------------
# /healthz: the worker writes a heartbeat every minute; older than this it counts as stopped.
GONGKAI_HEARTBEAT_MAX_AGE = int(os.environ.get("GONGKAI_HEARTBEAT_MAX_AGE", "180"))
# /healthz fails (503) when the data directory's disk has less free space than this.
GONGKAI_MIN_FREE_DISK_MB = int(os.environ.get("GONGKAI_MIN_FREE_DISK_MB", "1024"))

# --- surface water (gongkai/water/README.md) ---
# A CSV (序号,项目,标准限值) of GB 3838-2002 Table 3 rows the bureau supplies from its copy of the standard
# (rows 20 and 40-80 are not shipped: no source here gives them); seed: gongkai/water/table3_seed.csv.
WATER_TABLE_3_FILE = os.environ.get("GONGKAI_WATER_TABLE_3_FILE", "")
# A CSV (代码,项目,Ⅲ类限值) of the GB/T 14848-2017 Class III limits the bureau evaluates groundwater
# drinking-water sources against (none is shipped: no source here gives them); unset, groundwater sources are
# shown as not evaluated and left out of 达标率 and 取水量达标率.
WATER_GROUNDWATER_LIMITS_FILE = os.environ.get("GONGKAI_WATER_GROUNDWATER_LIMITS_FILE", "")
# Units of HJ 212 codes sent by the sections' automatic stations, JSON {"code": "mg/L" or "µg/L"}:
# w20138-w20144 have no unit in HJ 212-2017 Table B.1 and are shown only once given one; any other
# concentration code of gongkai/water/hj212_codes.py may be given another unit than the table's default.
WATER_HJ212_UNITS = json.loads(os.environ.get("GONGKAI_WATER_HJ212_UNITS", "{}"))

# --- annual report and website self-inspection (gongkai/annual/README.md, gongkai/sitecheck/README.md) ---
# The 基本目录 row the 年报 is published under (the standard catalogue's "04 政府信息公开年报").
ANNUAL_REPORT_CATALOGUE_CODE = os.environ.get("GONGKAI_ANNUAL_CATALOGUE_CODE", "04")
# The reminder steps before the report's deadline, JSON [[days before, label], …] (default: 45/15/5 days,
# gongkai/annual/schedule.py); unset keeps the defaults.
if os.environ.get("GONGKAI_ANNUAL_REMINDERS"):
    ANNUAL_REMINDERS = tuple(
        (int(days), str(label)) for days, label in json.loads(os.environ["GONGKAI_ANNUAL_REMINDERS"])
    )
# The nightly crawl of the site itself: pages at most, and whether external links are checked (with a
# timeout, and a minimum interval between two requests to one host).
SITECHECK_MAX_PAGES = int(os.environ.get("GONGKAI_SITECHECK_MAX_PAGES", "60000"))
SITECHECK_EXTERNAL_LINKS = env_bool("GONGKAI_SITECHECK_EXTERNAL_LINKS", False)
SITECHECK_EXTERNAL_TIMEOUT = float(os.environ.get("GONGKAI_SITECHECK_EXTERNAL_TIMEOUT", "10"))
SITECHECK_EXTERNAL_DELAY = float(os.environ.get("GONGKAI_SITECHECK_EXTERNAL_DELAY", "1"))
SITECHECK_EXTERNAL_MAX = int(os.environ.get("GONGKAI_SITECHECK_EXTERNAL_MAX", "500"))
SITECHECK_HOUR = int(os.environ.get("GONGKAI_SITECHECK_HOUR", "2"))
# JSON overrides of the thresholds and the scoring table (keys as in gongkai/sitecheck/rules.py).
SITECHECK_STALE_DAYS = json.loads(os.environ.get("GONGKAI_SITECHECK_STALE_DAYS", "{}"))
SITECHECK_VETO = json.loads(os.environ.get("GONGKAI_SITECHECK_VETO", "{}"))
SITECHECK_SCORING = {
    kind: tuple(value)
    for kind, value in json.loads(os.environ.get("GONGKAI_SITECHECK_SCORING", "{}")).items()
}

# Structured logs (gongkai/ops/logs.py): one JSON object per line with the real client address and
# no personal data; GONGKAI_LOG_FORMAT=plain for human-readable lines (the default outside production).
LOG_FORMAT = os.environ.get("GONGKAI_LOG_FORMAT", "json" if ENVIRONMENT == "production" else "plain").lower()
if LOG_FORMAT not in ("json", "plain"):
    LOG_FORMAT = "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "gongkai.ops.logs.JsonFormatter"},
    },
    "filters": {"client_address": {"()": "gongkai.ops.logs.ClientAddressFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["client_address"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # run_huey adds its own handler to a "huey" logger without one, and the record then also
        # reaches the root handler: each worker line would be printed twice.
        "huey": {"handlers": ["console"], "propagate": False},
        # The application's access log (RequestLogMiddleware) replaces gunicorn's, which sees nginx.
        "django.server": {"level": "WARNING"},
    },
}
# django-axes names a client in its log lines by address only, never by username (personal data).
AXES_CLIENT_STR_CALLABLE = "gongkai.ops.logs.axes_client_str"
