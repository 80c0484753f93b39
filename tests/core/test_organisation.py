"""Organisation settings (机构信息): validated codes, shown in the footer the way Chinese government
websites show them (网站标识码, ICP备案号, 公安机关备案号), and every change audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import services
from gongkai.core.errors import DomainError
from gongkai.core.models import Organisation

pytestmark = pytest.mark.django_db

URL = reverse("core:staff_organisation")

FOOTER = {
    "name": "示例市生态环境局",
    "website_code": "9901000001",
    "icp_number": "示ICP备00000000号",
    "police_record_number": "示公网安备 99010002000001号",
}


def form_data(**changes) -> dict:
    data = model_to_dict(Organisation.current(), exclude=["id", "updated_at"])
    return {name: "" if value is None else value for name, value in {**data, **changes}.items()}


def test_the_form_rejects_a_credit_code_with_a_wrong_check_character(admin_client):
    response = admin_client.post(URL, form_data(credit_code="91350100M000100Y44"))
    assert response.status_code == 200
    assert "统一社会信用代码无效：应为18位，且校验码须符合GB 32100-2015。" in response.text
    assert Organisation.current().credit_code == ""
    assert not AuditRecord.objects.filter(action="organisation.update").exists()


def test_the_form_rejects_a_region_code_that_is_not_six_digits(admin_client):
    response = admin_client.post(URL, form_data(region_code="99010"))
    assert "行政区划代码应为6位数字。" in response.text


def test_a_valid_update_is_saved_and_audited_with_only_the_changed_fields(admin_client, administrator):
    Organisation.current()  # the row exists before the change
    response = admin_client.post(URL, form_data(credit_code="11990100MB0000001T", phone="0999-1234567"))
    assert response.status_code == 302
    organisation = Organisation.current()
    assert (organisation.credit_code, organisation.phone) == ("11990100MB0000001T", "0999-1234567")
    entry = AuditRecord.objects.get(action="organisation.update")
    assert entry.actor_id == administrator.pk
    assert entry.before_data == {"credit_code": "", "phone": ""}
    assert entry.after_data == {"credit_code": "11990100MB0000001T", "phone": "0999-1234567"}


def test_update_organisation_refuses_unknown_fields_and_bad_codes(administrator):
    with pytest.raises(DomainError, match="字段“id”不可修改"):
        services.update_organisation(actor=administrator, id=5)
    with pytest.raises(DomainError, match="统一社会信用代码无效"):
        services.update_organisation(actor=administrator, credit_code="914403001922038217")
    assert Organisation.current().credit_code == ""


@pytest.mark.parametrize("role", ["editor", "leader", "request_handler"])
def test_only_administrators_may_change_the_organisation(make_staff, role):
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=make_staff(role), name="别的局")


def test_the_leader_sees_the_settings_but_cannot_post(make_staff, client_for):
    client = client_for(make_staff("leader"))
    page = client.get(URL)
    assert page.status_code == 200
    assert 'name="credit_code"' not in page.text  # read-only: no form fields
    assert "示例市生态环境局" in page.text
    assert client.post(URL, form_data(name="别的局")).status_code == 403
    assert Organisation.current().name == "示例市生态环境局"


@pytest.fixture
def registered_site(administrator):
    return services.update_organisation(actor=administrator, **FOOTER)


@pytest.mark.parametrize("url", ["/", "/xxgk/", "/xxgk/guide/", "/no-such-page/"])
def test_public_pages_show_the_site_identifier_and_record_numbers_in_the_footer(registered_site, url):
    text = Client().get(url).text
    footer = text[text.index('<footer class="site-footer">') :]
    assert "网站标识码：9901000001" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">示ICP备00000000号</a>' in footer
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=99010002000001" in footer
    assert "示公网安备 99010002000001号" in footer
    assert '<meta name="SiteIDCode" content="9901000001">' in text


def test_the_footer_leaves_out_numbers_that_are_not_set():
    footer = Client().get("/").text.split('<footer class="site-footer">')[1]
    assert "网站标识码" not in footer
    assert "beian.miit.gov.cn" not in footer
    assert "beian.mps.gov.cn" not in footer
