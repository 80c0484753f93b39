"""The 政府信息公开指南 generated from the organisation settings (条例 Art. 12) and the site-identity
elements in the footer."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.models import Organisation, Page

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "示例市生态环境局",
    "address": "示例市人民路1号",
    "postcode": "100001",
    "office_hours": "工作日 9:00—17:00",
    "phone": "010-11111111",
    "fax": "010-22222222",
    "email": "office@example.gov.cn",
    "disclosure_office": "示例市生态环境局办公室",
    "disclosure_phone": "010-33333333",
    "disclosure_address": "示例市人民路1号101室",
    "disclosure_email": "gk@example.gov.cn",
}


@pytest.fixture
def organisation():
    organisation = Organisation.current()
    for field, value in SETTINGS.items():
        setattr(organisation, field, value)
    organisation.save()
    return organisation


def guide_text() -> str:
    response = Client().get("/xxgk/guide/")
    assert response.status_code == 200
    return response.text


def test_the_guide_states_every_particular_of_the_disclosure_office(organisation):
    text = guide_text()
    office = text.split("三、政府信息公开工作机构")[1]
    for field in ("disclosure_office", "disclosure_address", "postcode", "office_hours", "disclosure_phone",
                  "fax", "disclosure_email"):  # fmt: skip
        assert SETTINGS[field] in office, field


def test_the_guide_lists_every_application_channel_the_site_offers(organisation):
    text = guide_text().split("二、依申请公开")[1].split("三、")[0]
    assert '<a href="/ysqgk/apply/">' in text  # online, registered by the applications app
    for channel in ("当面提交", "信函申请", "传真申请", "电子邮件申请"):
        assert f"<dt>{channel}</dt>" in text
    assert SETTINGS["fax"] in text and SETTINGS["disclosure_email"] in text and "邮政编码100001" in text


def test_a_channel_without_its_setting_is_not_offered(organisation):
    organisation.fax = ""
    organisation.disclosure_email = organisation.email = ""
    organisation.save()
    text = guide_text().split("二、依申请公开")[1].split("三、")[0]
    assert "<dt>传真申请</dt>" not in text
    assert "<dt>电子邮件申请</dt>" not in text
    assert "<dt>当面提交</dt>" in text


def test_the_guide_follows_a_settings_change_at_once(organisation):
    organisation.disclosure_phone = "010-44444444"
    organisation.save()
    assert "010-44444444" in guide_text()


def test_the_guide_shows_the_classification_from_the_public_sections_and_the_edited_body(organisation):
    Page.objects.filter(slug="guide").update(body="<p>本机关不收取信息处理费以外的费用。</p>")
    text = guide_text()
    classification = text.split("（一）分类和编排体系")[1].split("（二）")[0]
    for path in ("/xxgk/", "/zdgk/", "/ysqgk/", "/air/"):
        assert f'href="{path}' in classification, path
    assert "四、其他事项" in text and "本机关不收取信息处理费以外的费用。" in text


def test_the_footer_shows_the_configured_site_identity(organisation):
    text = Client().get("/").text
    assert "我为政府网站找错" not in text and "党政机关网站标识" not in text
    organisation.conac_url = "https://bszs.conac.cn/sitename?method=show&id=ABC"
    organisation.error_report_url = (
        "https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?sitecode=1234000001"
    )
    organisation.website_code = "1234000001"
    organisation.save()
    footer = Client().get("/").text.split('<footer class="site-footer">')[1]
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=ABC"' in footer
    assert 'href="https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?sitecode=1234000001"' in footer
    assert "网站标识码：1234000001" in footer
