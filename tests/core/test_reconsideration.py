"""Issue 10: the 复议机关 is an organisation setting with a correct default for city, district and provincial
bodies (行政复议法 2023 Art. 24: the 本级人民政府), no string surgery on the city's name."""

import pytest

from gongkai.core.models import Organisation
from gongkai.core.reconsideration import default_reconsideration_body


@pytest.mark.parametrize(
    ("organisation", "body"),
    [
        pytest.param("广州市生态环境局", "广州市人民政府", id="city-issue-case-not-广州人民政府"),
        pytest.param("上海市浦东新区生态环境局", "上海市浦东新区人民政府", id="district-issue-case"),
        pytest.param("广东省生态环境厅", "广东省人民政府", id="province"),
        pytest.param("新疆维吾尔自治区生态环境厅", "新疆维吾尔自治区人民政府", id="autonomous-region"),
        pytest.param("北京市生态环境局", "北京市人民政府", id="municipality"),
        pytest.param("杭州市生态环境局西湖分局", "杭州市人民政府", id="branch-goes-to-the-city-art-24-3"),
        pytest.param("延边朝鲜族自治州生态环境局", "延边朝鲜族自治州人民政府", id="autonomous-prefecture"),
        pytest.param("示例县环境保护局", "示例县人民政府", id="county-old-name"),
        pytest.param("某某生态环境局", None, id="no-level-in-the-name"),
        pytest.param("环境监测中心", None, id="not-a-department"),
    ],
)
def test_reconsideration_body_default_per_level(organisation, body):
    assert default_reconsideration_body(organisation) == body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "setting", "authority"),
    [
        pytest.param("广州市生态环境局", "", "广州市人民政府", id="default-from-the-name"),
        pytest.param("广州市生态环境局", "广州市人民政府（市司法局代收）", "广州市人民政府（市司法局代收）",
                     id="setting-wins"),
        pytest.param("某某生态环境局", "", "", id="unknown-is-empty-not-guessed"),
    ],
)  # fmt: skip
def test_reconsideration_body_is_an_organisation_setting(name, setting, authority):
    organisation = Organisation.current()
    organisation.name, organisation.reconsideration_body = name, setting
    organisation.save()
    assert Organisation.current().reconsideration_authority == authority
