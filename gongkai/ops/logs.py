"""Structured application logs: one JSON object per line on standard output (journald keeps it).

- `JsonFormatter` writes `time`, `level`, `logger`, `message`, the process id and, inside a request,
  the real client address `ip` (gongkai.core.middleware.client_ip, which trusts exactly
  GONGKAI_PROXY_COUNT proxies), plus the structured fields a record carries (`method`, `path`,
  `status`, `duration_ms`, `user_id`, `event`).
- `RequestLogMiddleware` (gongkai.ops.middleware) writes one `gongkai.request` line per request — the
  application's access log, since gunicorn's own would only see nginx's address.
- No personal data: query strings, request bodies, usernames and names are never logged; a signed-in
  account appears as its numeric id only. The login lockout logs the client address, not the username
  (`axes_client_str`).

GONGKAI_LOG_FORMAT=plain gives the old human-readable lines (the default in the demo and tests)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Fields a record may carry through `extra=` that the JSON line reproduces, in this order.
FIELDS = ("event", "ip", "method", "path", "status", "duration_ms", "user_id", "task", "minute")


class ClientAddressFilter(logging.Filter):
    """Adds `ip`, the real client address of the request being served, to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "ip", None) is None:
            try:
                from gongkai.audit.context import current_ip

                record.ip = current_ip()
            except Exception:  # settings not ready: a log line is never lost for want of an address
                record.ip = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: the address only, never the username."""
    return f"ip={ip_address}"
