"""The new-media posting connectors: abstract interface, console in the demo, and the webhook connector
against a real HTTP server on 127.0.0.1 started by the test (signed JSON out, the answer on the Posting)."""

from __future__ import annotations

import pytest

from gongkai.core import notify
from gongkai.interaction import connectors, services
from gongkai.interaction.models import Posting
from tests.core.test_notify_gateway import Gateway
from tests.interaction.test_newmedia import DOCUMENT


@pytest.fixture
def relay(settings):
    server = Gateway()
    server.answer = (200, b'{"ok":true,"id":"mp-draft-77"}')
    settings.INTERACTION_NEWMEDIA_CONNECTORS = {
        "wechat": "gongkai.interaction.connectors.WebhookConnector",
        "weibo": "gongkai.interaction.connectors.WebhookConnector",
    }
    settings.INTERACTION_NEWMEDIA_WEBHOOKS = {"wechat": {"url": server.url, "account": "hbj", "key": "k1"}}
    yield server
    server.close()


def test_the_connector_is_abstract():
    with pytest.raises(TypeError):
        connectors.Connector("wechat")
    assert connectors.connector_for("weibo").post(title="t", content="c").ok


@pytest.mark.django_db
def test_a_document_posted_through_the_webhook(relay, editor):
    publication = services.save_publication(actor=editor, publication=None, data=DOCUMENT)
    services.publish_publication(actor=editor, publication=publication)
    publication.refresh_from_db()
    posting = services.post_publication(actor=editor, publication=publication, channel="wechat")
    assert posting.ok and posting.external_id == "mp-draft-77"
    assert posting.connector == "gongkai.interaction.connectors.WebhookConnector"
    [request] = relay.requests
    assert request["json"] == {
        "channel": "wechat",
        "title": DOCUMENT["title"],
        "format": "html",
        "content": publication.wechat_html,
    }
    headers = request["headers"]
    assert headers["X-Gongkai-Signature"] == notify.signature(
        "k1", headers["X-Gongkai-Timestamp"], headers["X-Gongkai-Nonce"], request["raw"]
    )
    # Weibo has no webhook configured: refused, recorded, nothing sent
    weibo = services.post_publication(actor=editor, publication=publication, channel="weibo")
    assert not weibo.ok and weibo.error == "未配置微博推送地址。" and len(relay.requests) == 1
    relay.answer = (200, '{"ok":false,"error":"内容含违规词"}'.encode())
    refused = services.post_publication(actor=editor, publication=publication, channel="wechat")
    assert not refused.ok and refused.error == "内容含违规词"
    relay.answer = (502, b"bad gateway")
    down = services.post_publication(actor=editor, publication=publication, channel="wechat")
    assert not down.ok and down.error == "网关返回HTTP 502：bad gateway"
    assert Posting.objects.filter(ok=True).count() == 1
