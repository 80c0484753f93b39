"""Privacy gate, labelled personal data (issue 11): names after role labels, landlines, ID-shaped numbers
after 身份证/公民身份号码 whatever their check digit, 15-digit IDs, passports and other certificates after
their labels — and legal persons' names (companies, law firms) are not taken for people."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.privacy import Kind, redact_text, scan_text
from gongkai.privacy.scanner import COMPOUND_SURNAMES, NOT_NAMES, ROLE_LABELS, SURNAMES


def found(text: str) -> list[tuple[str, str, str]]:
    return [(hit.kind.value, hit.value, hit.masked) for hit in scan_text(text)]


# --- names after role labels ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        ("举报人张三反映，某厂夜间排污。", "张三", "张*"),
        ("投诉人：李四。", "李四", "李*"),
        ("当事人：王小明，男，汉族。", "王小明", "王**"),
        ("申请人 赵六 于2026年3月提交申请。", "赵六", "赵*"),
        ("法定代表人：孙七", "孙七", "孙*"),
        ("联系人：周八，电话另行告知。", "周八", "周*"),
        ("投诉人欧阳娜娜称", "欧阳娜娜", "欧***"),
        ("被申请人司马光", "司马光", "司**"),
        ("委托代理人：示例律师事务所律师王五", "王五", "王*"),
        ("负责人为陈一", "陈一", "陈*"),
        ("姓名：刘德华\n", "刘德华", "刘**"),
        ("举报人黄某某之妻杨丽来电", "", ""),  # a pseudonymised name is not a hit (杨丽 has no label)
    ],
)
def test_a_name_after_a_role_label_is_found(text, value, mask):
    names = [(v, m) for kind, v, m in found(text) if kind == "person_name"]
    assert names == ([(value, mask)] if value else [])


@pytest.mark.parametrize(
    "text",
    [
        "当事人：示例化工有限公司",
        "当事人示例市某某建材厂，法定代表人另案处理",
        "申请人：示例律师事务所",
        "投诉人：示例市绿色环保协会",
        "当事人陈述申辩的权利",
        "申请人应当提供身份证明",
        "申请人于2026年3月1日提交",
        "申请人提交的材料齐全",
        "举报人张某反映",
        "当事人张**",
        "联系人：",
        "申请人的权利和义务",
        "负责人高度重视",
        "联系人：张工，手机另告",  # surname + title: how an office names a contact without a name
        "联系人：李局长",
        "联系人王先生",
    ],
)
def test_not_a_persons_name(text):
    assert [hit for hit in scan_text(text) if hit.kind is Kind.PERSON_NAME] == []


def test_a_companys_representative_is_found_but_the_company_is_not():
    text = "当事人：示例化工有限公司（统一社会信用代码略），法定代表人：张三。"
    assert [(kind, value) for kind, value, _ in found(text)] == [("person_name", "张三")]
    assert redact_text(text, scan_text(text)).endswith("法定代表人：张*。")


# --- landlines ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        ("电话0371-62345678。", "0371-62345678", "0371-******78"),
        ("电话 010-82345678", "010-82345678", "010-******78"),
        ("热线（0371）62345678", "（0371）62345678", "（0371）******78"),
        ("座机(021) 52345678", "(021) 52345678", "(021) ******78"),
        ("联系电话：62345678", "62345678", "******78"),
        ("电话：7234567", "7234567", "*****67"),
        ("固话037162345678", "037162345678", "0371******78"),
        ("办公电话0371 62345678", "0371 62345678", "0371 ******78"),
    ],
)
def test_a_landline_with_or_without_area_code_is_found(text, value, mask):
    assert found(text) == [("landline", value, mask)]


@pytest.mark.parametrize(
    "text",
    [
        "合同编号62345678",  # no phone label, no area code
        "2026-62345678",  # not an area code
        "0371-12345678",  # local numbers never start with 1
        "0371-0234567",  # nor with 0
        "共计62345678元",
        "电话0371-623456789",  # nine local digits
    ],
)
def test_not_a_landline(text):
    assert [hit for hit in scan_text(text) if hit.kind is Kind.LANDLINE] == []


# --- identity numbers after their labels, whatever the check digit ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        ("身份证号：110105194912310021", "110105194912310021", "1101**********0021"),  # wrong check digit
        ("公民身份号码110105199002301234", "110105199002301234", "1101**********1234"),  # 02-30
        ("身份证 99010519491231002X", "99010519491231002X", "9901**********002X"),  # no province 99
        ("居民身份证号码为110105491331002", "110105491331002", "1101********002"),  # month 13, 15 digits
        ("身份证号码：110105491231002", "110105491231002", "1101********002"),
    ],
)
def test_an_id_shaped_number_after_its_label_is_found(text, value, mask):
    assert found(text) == [("resident_id", value, mask)]


@pytest.mark.parametrize(
    "text",
    [
        "编号110105194912310021",  # wrong check digit and no label
        "身份证号：11010519491231002",  # 17 digits
        "身份证号：1101051949123100212",  # 19 digits
    ],
)
def test_an_invalid_number_without_its_label_or_of_another_length_is_not_an_id(text):
    assert [hit for hit in scan_text(text) if hit.kind is Kind.RESIDENT_ID] == []


# --- passports and other certificates ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        ("护照号码：E12345678", "E12345678", "E******78"),
        ("护照G87654321", "G87654321", "G******21"),
        ("港澳通行证C12345678", "C12345678", "C******78"),
        ("台胞证号 12345678", "12345678", "1*****78"),
        ("军官证：南字第123456号", "", ""),  # a certificate number in words is left to the reviewer
        ("证件号码：PE1234567", "PE1234567", "P******67"),
        ("驾驶证号A1234567890", "A1234567890", "A********90"),
    ],
)
def test_a_certificate_number_after_its_label_is_found(text, value, mask):
    certificates = [(v, m) for kind, v, m in found(text) if kind == "certificate"]
    assert certificates == ([(value, mask)] if value else [])


def test_a_valid_resident_id_after_a_certificate_label_is_reported_as_an_id():
    assert [kind for kind, _, _ in found("证件号码：11010519491231002X")] == ["resident_id"]


# --- properties ---
names = st.builds(
    lambda surname, given: surname + given,
    st.sampled_from(sorted(SURNAMES) + list(COMPOUND_SURNAMES)),
    st.text(alphabet="明华伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀英霞平刚桂兰", min_size=1, max_size=2),
).filter(lambda name: not name.startswith(NOT_NAMES))
separators = st.sampled_from(["", "：", ":", " ", "： "])
endings = st.sampled_from(["", "，", "。", "反映", "称", "于2026年", "（男）", "\n"])


@given(label=st.sampled_from(ROLE_LABELS), separator=separators, name=names, ending=endings)
def test_any_name_after_any_role_label_is_found_and_masked_to_its_first_character(
    label, separator, name, ending
):
    text = f"{label}{separator}{name}{ending}"
    hits = [hit for hit in scan_text(text) if hit.kind is Kind.PERSON_NAME]
    assert [hit.value for hit in hits] == [name]
    redacted = redact_text(text, scan_text(text))
    assert name not in redacted
    assert [hit for hit in scan_text(redacted) if hit.kind is Kind.PERSON_NAME] == []


@given(
    label=st.sampled_from(ROLE_LABELS),
    company=st.text(alphabet="示例绿色化工环保建材科技", min_size=2, max_size=6),
    suffix=st.sampled_from(["有限公司", "律师事务所", "股份有限公司", "合作社", "建材厂", "研究院"]),
)
def test_no_organisation_after_a_role_label_is_taken_for_a_person(label, company, suffix):
    text = f"{label}：{company}{suffix}。"
    assert [hit for hit in scan_text(text) if hit.kind is Kind.PERSON_NAME] == []


@given(
    area=st.sampled_from(["010", "021", "022", "0371", "0374", "0755"]),
    local=st.from_regex(r"[2-8][0-9]{7}", fullmatch=True),
    join=st.sampled_from(["-", " "]),
    before=st.sampled_from(["", "电话", "联系方式：", "，"]),
)
def test_any_landline_with_an_area_code_is_found_and_scans_clean_once_redacted(area, local, join, before):
    text = f"{before}{area}{join}{local}。"
    (hit,) = scan_text(text)
    assert (hit.kind, hit.value) == (Kind.LANDLINE, f"{area}{join}{local}")
    redacted = redact_text(text, [hit])
    assert local not in redacted and scan_text(redacted) == []


@given(
    digits=st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
    label=st.sampled_from(["身份证号：", "公民身份号码", "身份证"]),
)
def test_any_eighteen_character_number_after_an_id_label_is_an_id(digits, label):
    hits = scan_text(f"{label}{digits}")
    assert [(hit.kind, hit.value) for hit in hits] == [(Kind.RESIDENT_ID, digits)]
