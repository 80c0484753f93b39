"""The public site shell: home, the 政府信息公开 column with its editable pages (sanitised), sitemap,
robots.txt, friendly error pages, the 适老化 mode and the demo banner."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import services
from gongkai.core.errors import DomainError
from gongkai.core.models import Page
from gongkai.core.views_public import error_500

pytestmark = pytest.mark.django_db

HOSTILE_BODY = """
<h2>一、主动公开</h2>
<p onclick="steal()">正文<script>alert("xss")</script></p>
<img src="/static/x.png" onerror="alert(1)" alt="图">
<a href="javascript:alert(2)">点我</a>
<a href="https://www.gov.cn/">中国政府网</a>
<p style="position:fixed">样式</p><iframe src="https://evil.example/"></iframe>
<table><tr><td colspan="2">表格</td></tr></table>
"""


@pytest.fixture
def guide(administrator):
    return services.update_page(
        actor=administrator, page=Page.objects.get(slug="guide"), title="政府信息公开指南", body=HOSTILE_BODY
    )


def test_the_guide_and_rules_pages_exist_after_migrate():
    assert list(Page.objects.values_list("slug", "title")) == [
        ("guide", "政府信息公开指南"),
        ("rules", "政府信息公开制度"),
    ]


def test_update_page_strips_scripts_event_handlers_and_styles(guide):
    body = Page.objects.get(slug="guide").body
    for dangerous in ("<script", "alert(", "onerror", "onclick", "javascript:", "style=", "<iframe"):
        assert dangerous not in body, dangerous
    assert "<h2>一、主动公开</h2>" in body
    assert '<td colspan="2">表格</td>' in body
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">中国政府网</a>' in body
    assert '<img src="/static/x.png" alt="图">' in body


def test_the_public_page_shows_the_sanitised_body(guide):
    response = Client().get(reverse("core:page", args=["guide"]))
    assert response.status_code == 200
    assert "<h2>一、主动公开</h2>" in response.text
    assert "alert(" not in response.text
    assert "onerror" not in response.text


def test_update_page_is_audited_and_needs_a_title(guide, administrator):
    entry = AuditRecord.objects.get(action="page.update")
    assert entry.actor_id == administrator.pk
    assert "<script" not in entry.after
    with pytest.raises(DomainError, match="标题不能为空"):
        services.update_page(actor=administrator, page=guide, title="  ", body="<p>x</p>")


@pytest.mark.parametrize("role", ["reviewer", "leader", "request_handler"])
def test_only_editors_and_administrators_may_edit_pages(make_staff, role):
    with pytest.raises(PermissionDenied):
        services.update_page(actor=make_staff(role), page=Page.objects.get(slug="rules"), title="x", body="")


def test_an_editor_edits_a_page_through_the_console(make_staff, client_for):
    client = client_for(make_staff("editor"))
    url = reverse("core:staff_page_edit", args=["rules"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "政府信息公开制度", "body": "<p>先审后发</p><script>x()</script>"})
    assert response.status_code == 302
    assert Page.objects.get(slug="rules").body == "<p>先审后发</p>"


def test_home_shows_the_bureau_and_the_disclosure_column():
    response = Client().get("/")
    assert response.status_code == 200
    assert "示例市生态环境局" in response.text
    assert f'href="{reverse("core:disclosure_index")}"' in response.text
    assert f'href="{reverse("core:page", args=["guide"])}"' in response.text


def test_the_disclosure_column_lists_its_pages():
    response = Client().get("/xxgk/")
    assert response.status_code == 200
    assert re.search(r'<a href="/xxgk/guide/">政府信息公开指南</a>', response.text)
    assert re.search(r'<a href="/xxgk/rules/">政府信息公开制度</a>', response.text)


@pytest.mark.parametrize("url", ["/", "/xxgk/", "/xxgk/guide/", "/robots.txt"])
def test_public_pages_answer_head_but_not_post(url):
    assert Client().head(url).status_code == 200
    assert Client().post(url).status_code == 405


def test_the_sitemap_lists_home_the_column_and_each_page():
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.text)
    # the core's own pages; every app's sections and pages are checked in tests/core/test_sitemaps.py
    assert {
        "http://testserver/",
        "http://testserver/xxgk/",
        "http://testserver/xxgk/guide/",
        "http://testserver/xxgk/rules/",
    } <= set(locations)
    assert len(locations) == len(set(locations))
    assert "<lastmod>" in response.text


def test_robots_txt_keeps_crawlers_out_of_the_staff_area_and_names_the_sitemap():
    response = Client().get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.splitlines() == [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


@pytest.mark.parametrize("url", ["/no-such-page/", "/xxgk/no-such-slug/"])
def test_a_missing_page_gets_a_chinese_404(url):
    response = Client().get(url)
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.text
    assert '<html lang="zh-CN">' in response.text
    assert 'href="/"' in response.text  # a way back home


def test_the_500_page_is_chinese():
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert re.search(r"[\u4e00-\u9fff]", response.content.decode())


def test_elder_mode_is_switched_on_and_off_with_a_cookie():
    client = Client()
    response = client.post(reverse("core:elder_mode"), {"next": "/xxgk/"})
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/"
    assert client.cookies["gk_elder"].value == "1"
    assert re.search(r'<body class="elder', client.get("/").text)

    client.post(reverse("core:elder_mode"), {"next": "/"})
    assert client.cookies["gk_elder"].value == ""  # deleted
    assert not re.search(r'<body class="elder', client.get("/").text)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_elder_mode_never_redirects_off_the_site(target):
    response = Client().post(reverse("core:elder_mode"), {"next": target})
    assert response["Location"] == "/"


DEMO_BANNER = "演示站点：本站所有机构、人员和数据均为虚构，仅供演示。"


@pytest.mark.parametrize("url", ["/", "/xxgk/guide/", "/accounts/login/", "/no-such-page/"])
def test_the_demo_banner_appears_on_every_page_of_a_demo_site(settings, url):
    settings.DEMO = True
    assert DEMO_BANNER in Client().get(url).text


def test_a_production_site_has_no_demo_banner(settings):
    settings.DEMO = False
    assert DEMO_BANNER not in Client().get("/").text


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("gongkai/favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()
