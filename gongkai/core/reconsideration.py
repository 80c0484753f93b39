"""The 行政复议机关 named in the remedy clause of the bureau's letters.

《中华人民共和国行政复议法》 (2023 revision) Art. 24 ¶1: the 县级以上地方各级人民政府 hears
applications against its own 工作部门 (item 1) and their 派出机构 (item 3). A city, district or
provincial ecology-environment bureau (生态环境局 / 生态环境厅) and its 分局 therefore go to the
本级人民政府: 广州市生态环境局 → 广州市人民政府, 上海市浦东新区生态环境局 → 上海市浦东新区人民政府,
广东省生态环境厅 → 广东省人民政府.

The authority is the organisation setting `Organisation.reconsideration_body`; this module only
gives its default, read from the bureau's name by cutting at the department word (the government's
name is all that precedes it). A name that does not fit gives None: the letter then carries a 【…】
marker that blocks legal review until the setting is filled in.

Pure: no Django."""

from __future__ import annotations

# The department part of a local ecology-environment body's name.
DEPARTMENT_WORDS = (
    "生态环境保护局",
    "生态环境局",
    "生态环境厅",
    "环境保护局",
    "环境保护厅",
    "环保局",
    "环保厅",
)
# A 本级人民政府's name ends with its administrative level (省、自治区、直辖市、市、州、盟、县、旗、区).
GOVERNMENT_ENDINGS = ("省", "自治区", "市", "州", "盟", "县", "旗", "区")


def default_reconsideration_body(organisation_name: str) -> str | None:
    """The 本级人民政府 of the bureau named `organisation_name`, or None when the name does not show it."""
    name = organisation_name.strip()
    cuts = [name.find(word) for word in DEPARTMENT_WORDS if name.find(word) > 0]
    if not cuts:
        return None
    government = name[: min(cuts)]
    if not government.endswith(GOVERNMENT_ENDINGS):
        return None
    return f"{government}人民政府"
