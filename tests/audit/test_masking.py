"""Personal data inside audit snapshots is masked for readers who may not see it (GB/T 22239-2019
8.1.4.11): the audit administrator and the leader read the trail, but the applicant's identity
number, phone and address only in masked form; a handler who sees applicants in the console sees
them in the trail too."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gongkai.audit.masking import mask_json_text, mask_snapshot, mask_whole
from gongkai.audit.services import record
from gongkai.core.identifiers import resident_id_check_char

ID = "11010519491231002" + resident_id_check_char("11010519491231002")
PHONE = "13912345678"
ADDRESS = "示例市人民路8号3单元502室"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13912345678", "1*********8"),
        ("张三", "张*"),
        ("王", "*"),
        ("", ""),
        (None, None),
        (42, 42),
    ],
)
def test_mask_whole(value, masked):
    assert mask_whole(value) == masked


def test_personal_keys_are_masked_whole_and_free_text_is_scanned():
    snapshot = {
        "id_number": ID,
        "phone": PHONE,
        "address": ADDRESS,
        "reason": f"申请人来电{PHONE}，身份证号{ID}",
        "workdays": 10,
        "nested": [{"email": "zhang@example.com"}],
        "handler": "李经办",
    }
    masked = mask_snapshot(snapshot)
    text = json.dumps(masked, ensure_ascii=False)
    for secret in (ID, PHONE, ADDRESS, "zhang@example.com", "人民路8号"):
        assert secret not in text
    assert masked["workdays"] == 10
    assert masked["handler"] == "李经办"
    assert masked["id_number"] == ID[0] + "*" * 16 + ID[-1]
    assert masked["reason"].startswith("申请人来电139****5678")


def test_text_that_is_not_json_is_scanned():
    assert PHONE not in mask_json_text(f"电话{PHONE}")
    assert mask_json_text("") == ""


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from(["id_number", "phone", "note", "x"]), children, max_size=3)
        ),
        max_leaves=10,
    )
)
def test_masking_keeps_the_shape_of_any_snapshot(data):
    masked = mask_snapshot(data)
    assert type(masked) is type(data)
    if isinstance(data, dict):
        assert masked.keys() == data.keys()
    if isinstance(data, list):
        assert len(masked) == len(data)
    # Masking is idempotent: what was masked once stays as it is.
    assert mask_snapshot(masked) == masked


@pytest.fixture
def personal_record(make_staff):
    handler = make_staff("request_handler", username="handler-m")
    record(
        actor=handler,
        action="test.personal",
        target=("applications.application", "1", "GK-1"),
        before={"phone": "13800000000"},
        after={"id_number": ID, "phone": PHONE, "address": ADDRESS, "note": f"核对{ID}"},
    )
    return handler


def export_rows(client) -> list[dict]:
    response = client.get(reverse("audit:list"), {"export": "csv", "action": "test.personal"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_leader_reads_snapshots_masked_in_the_page_the_export_and_the_api(
    personal_record, make_staff, client_for
):
    leader = client_for(make_staff("leader", username="leader-m"))
    page = leader.get(reverse("audit:list"), {"action": "test.personal"})
    assert page.status_code == 200
    for secret in (ID, PHONE, "13800000000", "人民路8号3单元"):
        assert secret not in page.text
    assert ID[0] + "*" * 16 + ID[-1] in page.text
    (row,) = export_rows(leader)
    assert ID not in row["修改后"] and PHONE not in row["修改后"]
    api = leader.get("/api/v1/lists/audit-records", {"action": "test.personal"}).json()
    assert ID not in json.dumps(api, ensure_ascii=False)
    # Nor can the masked reader find whose records hold an ID number by searching for it.
    found = leader.get(reverse("audit:list"), {"export": "csv", "q": ID})
    assert ID[-6:] not in b"".join(found.streaming_content if found.streaming else [found.content]).decode()


@pytest.mark.django_db
def test_staff_who_see_applicants_read_the_snapshots_in_full(personal_record, client_for):
    mine = client_for(personal_record).get(reverse("audit:mine"), {"action": "test.personal"})
    assert mine.status_code == 200
    assert ID in mine.text
    assert PHONE in mine.text


@pytest.mark.django_db
def test_my_records_are_masked_for_staff_who_do_not_see_applicants(make_staff, client_for):
    editor = make_staff("editor", username="editor-m")
    record(actor=editor, action="test.personal", after={"note": f"误填电话{PHONE}"})
    mine = client_for(editor).get(reverse("audit:mine"), {"action": "test.personal"})
    assert mine.status_code == 200
    assert PHONE not in mine.text
    assert "139****5678" in mine.text
