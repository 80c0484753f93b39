"""Posting connectors of 政务新媒体 (WeChat official account, Weibo) behind one interface.

A connector posts one text and says how it went; the demo and development use `ConsoleConnector`
(the text goes to the log). A deployment names its own per channel in INTERACTION_NEWMEDIA_CONNECTORS,
e.g. {"wechat": "bureau.wechat.DraftApiConnector"}, a subclass of `Connector` calling the platform's API
(the WeChat 草稿箱 API, Weibo's share API) with the credentials it reads from its own settings."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

WECHAT = "wechat"
WEIBO = "weibo"
CHANNELS = ((WECHAT, "微信公众号"), (WEIBO, "微博"))


@dataclass(frozen=True)
class PostResult:
    ok: bool
    external_id: str = ""
    error: str = ""


class Connector:
    channel = ""

    def __init__(self, channel: str):
        self.channel = channel

    def post(self, *, title: str, content: str) -> PostResult:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleConnector(Connector):
    def post(self, *, title: str, content: str) -> PostResult:
        logger.info("新媒体推送（%s）：%s（%d 字）", self.channel, title, len(content))
        return PostResult(ok=True, external_id=f"console-{self.channel}-{time.time_ns()}")


def connector_for(channel: str) -> Connector:
    if channel not in dict(CHANNELS):
        from gongkai.core.errors import DomainError

        raise DomainError("未知的新媒体渠道。")
    configured = getattr(settings, "INTERACTION_NEWMEDIA_CONNECTORS", {}) or {}
    path = configured.get(channel, "gongkai.interaction.connectors.ConsoleConnector")
    return import_string(path)(channel)
