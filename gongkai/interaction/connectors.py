"""Posting connectors of 政务新媒体 (WeChat official account, Weibo) behind one interface.

A connector posts one text and says how it went (`PostResult`); it never raises for a refusal, the
`Posting` record keeps the reason. Configured per channel in INTERACTION_NEWMEDIA_CONNECTORS
(a dict channel → dotted path), default `ConsoleConnector` for both (demo and development: the text
goes to the log, nothing leaves the machine).

- `ConsoleConnector`: the demo's.
- `WebhookConnector`: production. POSTs the content as signed JSON to the bureau's own
  publishing relay (or a platform gateway speaking the same shape), which holds the platform
  credentials (WeChat 草稿箱 API, Weibo API) and keeps them out of this application. Settings:
  INTERACTION_NEWMEDIA_WEBHOOKS = {"wechat": {"url": "https://…", "account": "…", "key": "…"},
  "weibo": {…}} (a channel without an entry refuses to post). Request (headers and HMAC signature
  as `core.notify.signed_post`):
      {"channel": "wechat", "title": "…", "format": "html" (wechat) | "text" (weibo),
       "content": "<the article HTML or the Weibo text>"}
  Answer: HTTP 2xx and {"ok": true, "id": "<the platform's id>"}; {"ok": false, "error": "…"} or
  any other answer is a failure with its reason.
- A deployment's own subclass of `Connector` for another API.
"""

from __future__ import annotations

import abc
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai.core import notify

logger = logging.getLogger(__name__)

WECHAT = "wechat"
WEIBO = "weibo"
CHANNELS = ((WECHAT, "微信公众号"), (WEIBO, "微博"))


@dataclass(frozen=True)
class PostResult:
    ok: bool
    external_id: str = ""
    error: str = ""


class Connector(abc.ABC):
    channel = ""

    def __init__(self, channel: str):
        self.channel = channel

    @abc.abstractmethod
    def post(self, *, title: str, content: str) -> PostResult:
        """Post one publication's text for this channel; a refusal is a PostResult(ok=False, error=…)."""


class ConsoleConnector(Connector):
    def post(self, *, title: str, content: str) -> PostResult:
        logger.info("新媒体推送（%s）：%s（%d 字）", self.channel, title, len(content))
        return PostResult(ok=True, external_id=f"console-{self.channel}-{time.time_ns()}")


class WebhookConnector(Connector):
    def __init__(self, channel: str):
        super().__init__(channel)
        hooks = getattr(settings, "INTERACTION_NEWMEDIA_WEBHOOKS", {}) or {}
        self.config = hooks.get(channel) or {}

    def post(self, *, title: str, content: str) -> PostResult:
        url = self.config.get("url", "")
        if not url:
            return PostResult(ok=False, error=f"未配置{dict(CHANNELS)[self.channel]}推送地址。")
        payload = {
            "channel": self.channel,
            "title": title,
            "format": "html" if self.channel == WECHAT else "text",
            "content": content,
        }
        try:
            answer = notify.signed_post(
                url,
                payload,
                account=self.config.get("account", ""),
                key=self.config.get("key", ""),
                timeout=float(self.config.get("timeout", 15)),
            )
        except notify.GatewayError as error:
            logger.warning("新媒体推送失败（%s）：%s", self.channel, error)
            return PostResult(ok=False, error=str(error))
        if answer.get("ok") is True:
            return PostResult(ok=True, external_id=str(answer.get("id") or ""))
        return PostResult(ok=False, error=str(answer.get("error") or "推送接口未确认成功。"))


def connector_for(channel: str) -> Connector:
    if channel not in dict(CHANNELS):
        from gongkai.core.errors import DomainError

        raise DomainError("未知的新媒体渠道。")
    configured = getattr(settings, "INTERACTION_NEWMEDIA_CONNECTORS", {}) or {}
    path = configured.get(channel, "gongkai.interaction.connectors.ConsoleConnector")
    return import_string(path)(channel)
