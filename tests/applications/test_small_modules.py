"""The small pure helpers: repeated-application likeness, upload checks, query codes, the notice and
letter texts (one template per Table 三 outcome) and the masking of personal data for public copies."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import codes, files, letters, similarity
from gongkai.applications.outcomes import ReplyOutcome

# --- similarity -----------------------------------------------------------------------------------


def test_identical_descriptions_are_alike_and_unrelated_ones_are_not():
    a = "申请公开示例市2025年度重点排污单位名录及其自行监测数据。"
    assert similarity.likeness(a, a) == 1.0
    assert similarity.is_repeat(a, "请公开：示例市2025年度重点排污单位名录，以及自行监测数据")
    assert not similarity.is_repeat(a, "东区垃圾焚烧发电项目竣工环境保护验收监测报告")
    assert similarity.likeness("", a) == 0.0


@given(st.text(min_size=0, max_size=60), st.text(min_size=0, max_size=60))
def test_likeness_is_symmetric_and_bounded(first, second):
    value = similarity.likeness(first, second)
    assert 0.0 <= value <= 1.0
    assert value == similarity.likeness(second, first)


# --- files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
    ],
)
def test_files_are_typed_by_their_content(head, content_type):
    assert files.check(name="x.bin", size=100, head=head).content_type == content_type


@pytest.mark.parametrize(
    ("size", "head", "message"),
    [
        (0, b"%PDF-", "空文件"),
        (files.MAX_ATTACHMENT_BYTES + 1, b"%PDF-", "超过10MB"),
        (100, b"MZ\x90\x00", "格式不受支持"),
        (100, b"PK\x03\x04", "格式不受支持"),  # a renamed .docx or .zip
    ],
)
def test_files_are_refused_by_size_and_content(size, head, message):
    with pytest.raises(files.FileRejected, match=message):
        files.check(name="身份证.pdf", size=size, head=head)


def test_exactly_the_maximum_size_is_accepted():
    assert files.check(name="a.pdf", size=files.MAX_ATTACHMENT_BYTES, head=b"%PDF-")


# --- query codes ----------------------------------------------------------------------------------


def test_query_codes_are_random_unambiguous_and_stored_hashed(settings):
    settings.GONGKAI_QUERY_CODE_ITERATIONS = 1000
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    assert all(len(code) == 8 and set(code) <= set(codes.ALPHABET) for code in made)
    assert not set("01OIL") & set(codes.ALPHABET)
    code = made.pop()
    stored = codes.hash_code(code)
    assert code not in stored and stored.startswith("pbkdf2_sha256$1000$")
    assert codes.check_code(code.lower(), stored)
    assert codes.check_code(f" {code[:4]}-{code[4:]} ", stored)
    assert not codes.check_code("", stored)
    assert not codes.check_code("ZZZZZZZZ" if code != "ZZZZZZZZ" else "YYYYYYYY", stored)
    assert not codes.check_code(code, "garbage")
    assert not codes.check_code(code, codes.dummy_hash())


def test_the_work_factor_is_kept_in_each_hash(settings):
    settings.GONGKAI_QUERY_CODE_ITERATIONS = 1000
    stored = codes.hash_code("ABCDEFGH")
    settings.GONGKAI_QUERY_CODE_ITERATIONS = 5000
    assert codes.check_code("ABCDEFGH", stored)


# --- letters --------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", list(ReplyOutcome))
def test_every_outcome_has_a_template_citing_its_basis(outcome):
    body = letters.reply_body(
        outcome=outcome,
        tracking_number="YSQ2026-00001",
        received_on=date(2026, 10, 12),
        description="示例信息",
        provision_form="电子邮件",
        reconsideration_body="示例市人民政府",
        supplement_on=date(2026, 10, 13),
        supplement_deadline=date(2026, 10, 23),
        fee_on=date(2026, 10, 14),
        earlier="YSQ2026-00000",
    )
    assert "YSQ2026-00001" in body and "2026年10月12日" in body
    assert "示例市人民政府申请行政复议" in body and "六个月内" in body
    articles = {
        "条例第三十六条第（一）项、第（二）项": "第三十六条第（二）项",
        "条例第三十七条": "第三十七条",
        "条例第十四条": "第十四条",
        "条例第十五条": "第十五条",
        "条例第十六条": "第十六条",
        "条例第三十六条第（四）项、第（五）项": "第三十六条第（四）项",
        "条例第三十八条": "第三十八条",
        "条例第三十条": "第三十条",
        "条例第三十九条第一款": "第三十九条第一款",
        "条例第三十六条第（六）项": "第三十六条第（六）项",
        "条例第三十九条第二款": "第三十九条第二款",
        "条例第三十五条": "第三十五条",
    }
    expected = articles.get(outcome.legal_basis)
    if expected:
        assert expected in body, outcome
    if outcome is ReplyOutcome.OTHER_FEE_UNPAID:
        assert "国办函〔2020〕109号" in body


def test_templates_with_parts_to_complete_are_marked():
    body = letters.reply_body(
        outcome=ReplyOutcome.OTHER,
        tracking_number="T",
        received_on=date(2026, 10, 12),
        description="x",
        provision_form="纸质文本",
        reconsideration_body="示例市人民政府",
    )
    assert letters.unfinished_markers(body) == ["【写明处理情况及其依据】"]


def test_reply_without_a_reconsideration_body_cannot_go_to_review():
    body = letters.reply_body(
        outcome=ReplyOutcome.DISCLOSED,
        tracking_number="T",
        received_on=date(2026, 10, 12),
        description="x",
        provision_form="纸质文本",
        reconsideration_body=" ",
    )
    assert letters.unfinished_markers(body) == [letters.RECONSIDERATION_MARKER]


def test_redaction_masks_the_applicants_own_data_and_other_personal_data():
    text = "申请人欧阳测试（身份证110105194912310021，电话13912345678）住示例市样例路99号3单元501室。"
    redacted = letters.redact(text, ["欧阳测试", "110105194912310021", "13912345678"])
    for value in ("欧阳测试", "110105194912310021", "13912345678", "501室"):
        assert value not in redacted
    other = letters.redact("请联系王某，手机13800138000。", [])
    assert "13800138000" not in other


def test_notice_texts_name_their_rules():
    text = letters.supplement_text(
        tracking_number="T1",
        received_on=date(2026, 10, 12),
        deadline=date(2026, 10, 30),
        items="请写明企业名称",
    )
    assert "第三十条" in text and "2026年10月30日前补正" in text and "视为放弃申请" in text
    text = letters.extension_text(
        tracking_number="T1",
        received_on=date(2026, 10, 12),
        workdays=15,
        reason="需要检索档案。",
        new_due=date(2026, 12, 1),
    )
    assert "因需要检索档案，" in text and "延长15个工作日" in text and "2026年12月1日前" in text
    text = letters.consultation_text(
        party_kind="agency", tracking_number="T1", started_on=date(2026, 10, 12), answer_due=None
    )
    assert "第三十四条" in text and "视为同意公开" in text
