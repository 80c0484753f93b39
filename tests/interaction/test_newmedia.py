"""New media: the WeChat article HTML and the Weibo text made from a document, preview, posting."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.interaction import newmedia, services
from gongkai.interaction.models import Posting, Publication

DOCUMENT = {
    "source": "document",
    "title": "关于2026年第三季度重点排污单位执法检查情况的通报",
    "summary": "",
    "body_html": (
        '<p class="lead" onclick="x()">为落实排污许可制度，我局于7月至9月对'
        "<strong>42家</strong>重点排污单位开展执法检查。</p>"
        "<h2>一、检查情况</h2><p>共检查42家，发现问题6家，已责令整改。其中废气超标排放2家、"
        "自动监测设备运行不正常3家、未按规定公开环境信息1家，均已依法立案查处并督促落实整改措施。</p>"
        "<table><tr><th>区县</th><th>家数</th></tr><tr><td>东湖区</td><td>12</td></tr></table>"
        '<p><img src="/static/demo/inspection.jpg" alt="现场检查"></p><script>alert(1)</script>'
        '<p>详见<a href="https://example.gov.cn/a">附件</a>。</p>'
    ),
    "link": "/xxgk/documents/123/",
    "images": "/static/demo/cover.jpg\nhttps://img.example.gov.cn/chart.png",
}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@override_settings(GONGKAI_SITE_URL="https://sthjj.example.gov.cn")
@pytest.mark.django_db
def test_the_wechat_article_and_the_weibo_text_of_a_document(editor):
    publication = services.save_publication(actor=editor, publication=None, data=DOCUMENT)
    html = publication.wechat_html
    parser = Elements()
    parser.feed(html)
    tags = parser.tags
    # Every element styles itself: the account editor drops classes, <style> and scripts.
    assert all("style" in attrs for tag, attrs in tags if tag not in {"br", "tr", "tbody", "thead"})
    assert not any("class" in attrs or "onclick" in attrs for _tag, attrs in tags)
    assert "<script" not in html and "alert(1)" not in html and "<a " not in html
    images = [attrs["src"] for tag, attrs in tags if tag == "img"]
    assert images == [
        "https://sthjj.example.gov.cn/static/demo/cover.jpg",
        "https://img.example.gov.cn/chart.png",
        "https://sthjj.example.gov.cn/static/demo/inspection.jpg",
    ]
    assert all("max-width:100%" in attrs["style"] for tag, attrs in tags if tag == "img")
    assert "<strong" in html and "42家" in html and "东湖区" in html
    assert "原文链接：https://sthjj.example.gov.cn/xxgk/documents/123/" in html

    weibo = publication.weibo_text
    assert weibo.startswith("【关于2026年第三季度重点排污单位执法检查情况的通报】")
    assert weibo.endswith("https://sthjj.example.gov.cn/xxgk/documents/123/")
    assert newmedia.weibo_length(weibo) <= 140
    assert "…" in weibo  # the summary was cut, the title and link kept


def test_weibo_length_counts_half_width_as_half_and_links_as_ten():
    assert newmedia.weibo_length("环保") == 2
    assert newmedia.weibo_length("ab") == 1
    assert newmedia.weibo_length("abc") == 2
    assert newmedia.weibo_length("见 https://example.gov.cn/a/very/long/path") == 12
    short = newmedia.weibo_text(title="通报", summary="内容不长。", link="https://x.cn/1")
    assert short == "【通报】内容不长。 https://x.cn/1"
    long_title = newmedia.weibo_text(title="长" * 200, summary="摘要", limit=140)
    assert newmedia.weibo_length(long_title) <= 140


@override_settings(INTERACTION_WEIBO_LIMIT=2000)
@pytest.mark.django_db
def test_the_weibo_limit_is_a_setting(editor):
    publication = services.save_publication(actor=editor, publication=None, data=DOCUMENT)
    assert "…" not in publication.weibo_text


@pytest.mark.django_db
def test_preview_copy_publish_and_post_through_the_console_connector(editor, handler):
    publication = services.save_publication(actor=editor, publication=None, data=DOCUMENT)
    client = Client()
    client.force_login(editor)
    page = client.get(reverse("interaction:staff_publication", args=[publication.pk]))
    assert page.status_code == 200
    assert 'data-copy="weibo-text"' in page.text and 'data-copy="wechat-html"' in page.text
    preview = client.get(reverse("interaction:staff_publication_preview", args=[publication.pk]))
    assert preview.status_code == 200 and "42家" in preview.text
    assert "'unsafe-inline'" in preview["Content-Security-Policy"]
    assert "script-src 'none'" in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    with pytest.raises(services.DomainError, match="请先发布"):
        services.post_publication(actor=editor, publication=publication, channel="weibo")
    client.post(reverse("interaction:staff_publication_action", args=[publication.pk, "publish"]))
    client.post(reverse("interaction:staff_publication_action", args=[publication.pk, "weibo"]))
    client.post(reverse("interaction:staff_publication_action", args=[publication.pk, "wechat"]))
    assert sorted(Posting.objects.values_list("channel", "ok")) == [("wechat", True), ("weibo", True)]
    assert re.search(r"console-weibo-\d+", Posting.objects.get(channel="weibo").external_id)
    other = Client()
    other.force_login(handler)
    assert other.get(reverse("interaction:staff_publication", args=[publication.pk])).status_code == 403
    feed = Client().get(reverse("interaction:feed"))
    assert publication.title in feed.text
    assert Publication.objects.get().published_at is not None
