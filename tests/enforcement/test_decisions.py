"""行政处罚 / 行政强制 decisions: the 双公示 deadline (7 working days) around holidays, publication with
the privacy gate, masking of natural persons, publicity periods, public changes and withdrawals,
查封/扣押, 按日连续处罚, the yearly figures and the permissions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core import dashboard, yearly
from gongkai.core.errors import DomainError
from gongkai.enforcement import queries, rules, services
from gongkai.enforcement.models import Decision, DecisionChange

pytestmark = pytest.mark.django_db


def at(day: date):
    """Freeze the services' and queries' today (and now) on `day`."""
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))
    return mock.patch("django.utils.timezone.now", return_value=moment)


# 双公示: the 7th working day after the decision (the decision day not counted), from the calendar
# (2026 as the State Council notice has it: 国庆 10-01..07 with Sat 10-10 worked; 春节 02-15..23 with
# Sat 02-14 and 02-28 worked; 端午 06-19).
@pytest.mark.parametrize(
    ("decided", "due"),
    [
        (date(2026, 6, 1), date(2026, 6, 10)),  # an ordinary fortnight: two weekends skipped
        (date(2026, 6, 15), date(2026, 6, 25)),  # 端午 Fri 06-19 skipped
        (date(2026, 9, 28), date(2026, 10, 13)),  # 国庆 skipped, Sat 10-10 counted
        (date(2026, 10, 3), date(2026, 10, 15)),  # decided on a holiday
        (date(2026, 2, 12), date(2026, 2, 28)),  # 春节: Sat 02-14 and Sat 02-28 are working days
        (date(2026, 4, 30), date(2026, 5, 13)),  # 劳动节 05-01..05 skipped, Sat 05-09 worked
    ],
)
def test_publication_due_is_the_seventh_working_day(officer, penalty_data, decided, due):
    decision = services.create_decision(actor=officer, data=penalty_data(decided_on=decided))
    assert decision.publish_due == due
    assert decision.due_provisional is False


def test_a_due_date_in_a_year_not_entered_is_provisional(officer, penalty_data):
    with at(date(2026, 12, 30)):
        decision = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 12, 28)))
    assert decision.due_provisional is True
    assert decision.publish_due.year == 2027


@pytest.mark.parametrize(
    ("published_on", "late"),
    [
        (date(2026, 10, 13), False),  # the 7th working day itself
        (date(2026, 10, 9), False),
        (date(2026, 10, 14), True),
    ],
)
def test_lateness_is_recorded_at_publication(officer, penalty_data, published_on, late):
    decision = services.create_decision(actor=officer, data=penalty_data())
    with at(published_on):
        decision = services.publish_decision(actor=officer, decision=decision)
    assert decision.published_late is late


def test_deadline_state_shown_to_staff(officer, penalty_data, client_for):
    decision = services.create_decision(actor=officer, data=penalty_data())
    with at(date(2026, 10, 8)):
        state = queries.deadline(decision)
        # 10-09, Sat 10-10, 10-12 and 10-13 are still to come
        assert (state.due_on, state.workdays_left, state.overdue) == (date(2026, 10, 13), 4, False)
        page = client_for(officer).get(reverse("enforcement:staff_decision", args=[decision.pk]))
        assert "还剩4个工作日" in page.content.decode()
    with at(date(2026, 10, 15)):
        state = queries.deadline(decision)
        assert (state.workdays_left, state.overdue, state.overdue_days) == (-2, True, 2)
        assert list(queries.overdue_unpublished()) == [decision]
        page = client_for(officer).get(reverse("enforcement:staff_decision", args=[decision.pk]))
        assert "已逾期2个工作日" in page.content.decode()


def test_numbers_come_from_the_sequence(officer, penalty_data, code):
    first = services.create_decision(actor=officer, data=penalty_data())
    second = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 10, 9)))
    seized = services.create_decision(
        actor=officer,
        data=penalty_data(
            category="coercion",
            kind="查封",
            content="查封超标排放的锅炉一台",
            amount=None,
            seized_items="2号燃煤锅炉及其配套除尘设施",
            measure_from=date(2026, 10, 9),
            measure_to=date(2026, 11, 8),
        ),
    )
    assert (first.number, second.number, seized.number) == (
        "环罚〔2026〕1号",
        "环罚〔2026〕2号",
        "环强〔2026〕1号",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"credit_code": "91330100MA2AB1C2D0"}, "credit_code"),  # wrong check character
        ({"credit_code": ""}, "credit_code"),
        ({"party_type": "person", "credit_code": "91330100MA2AB1C2DD"}, "credit_code"),
        ({"kind": "查封"}, "kind"),  # a coercion kind on a penalty
        ({"kind": "罚款", "amount": None}, "amount"),
        ({"facts": ""}, "facts"),
        ({"decided_on": date(2030, 1, 1)}, "decided_on"),
        ({"daily_amount": Decimal("1"), "order_served_on": date(2026, 9, 1)}, "daily_amount"),
        (
            {
                "daily_amount": Decimal("1"),
                "order_served_on": date(2026, 9, 10),
                "rechecked_on": date(2026, 9, 1),
            },
            "rechecked_on",
        ),
        ({"party_type": "person", "credit_code": "", "id_number": "110101199003070000"}, "id_number"),
    ],
)
def test_refusals_name_their_field(officer, penalty_data, changes, field):
    with pytest.raises(DomainError) as refused:
        services.create_decision(actor=officer, data=penalty_data(**changes))
    assert refused.value.field == field


def test_continuous_daily_penalty_counts_its_days(officer, penalty_data):
    decision = services.create_decision(
        actor=officer,
        data=penalty_data(
            daily_amount=Decimal("10"), order_served_on=date(2026, 8, 3), rechecked_on=date(2026, 8, 24)
        ),
    )
    # 环境保护部令第28号 Art. 17: from the day after service to the recheck day, inclusive.
    assert decision.continuous_days == 21
    assert decision.amount == Decimal("210")
    services.publish_decision(actor=officer, decision=decision)
    page = (
        pytest.importorskip("django.test").Client().get(reverse("enforcement:decision", args=[decision.pk]))
    )
    assert "计罚日数21日" in page.content.decode()


def test_the_privacy_gate_blocks_personal_data_in_published_text(officer, penalty_data):
    decision = services.create_decision(
        actor=officer, data=penalty_data(facts="经查，该公司联系人电话13812345678，超标排放。")
    )
    with pytest.raises(DomainError) as refused:
        services.publish_decision(actor=officer, decision=decision)
    assert "手机号码" in refused.value.message
    assert "13812345678" not in refused.value.message
    assert Decision.objects.get(pk=decision.pk).published_at is None


def test_a_natural_person_is_masked_and_their_identity_never_public(
    officer, penalty_data, client, client_for
):
    decision = services.create_decision(
        actor=officer,
        data=penalty_data(
            party_type="person",
            party_name="张三丰",
            credit_code="",
            legal_representative="",
            id_number="11010519491231002X",
            facts="当事人在禁燃区露天焚烧废旧轮胎。",
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM enforcement_decision WHERE id = %s", [decision.pk])
        assert "11010519491231002X" not in cursor.fetchone()[0]  # encrypted at rest
    services.publish_decision(actor=officer, decision=decision)
    staff_page = (
        client_for(officer).get(reverse("enforcement:staff_decision", args=[decision.pk])).content.decode()
    )
    assert "张三丰" in staff_page and "1101**********002X" in staff_page
    assert "11010519491231002X" not in staff_page
    detail = client.get(reverse("enforcement:decision", args=[decision.pk])).content.decode()
    listing = client.get(reverse("enforcement:decisions")).content.decode()
    export = client.get(reverse("enforcement:decisions") + "?export=csv").content.decode("utf-8-sig")
    api = client.get("/api/v1/lists/enforcement-decisions").json()
    for text in (detail, listing, export, str(api)):
        assert "张**" in text
        assert "张三丰" not in text
        assert "11010519491231002X" not in text
        assert "1101" not in text


def test_publicity_period_then_archive(officer, penalty_data, client, settings):
    warning = services.create_decision(
        actor=officer,
        data=penalty_data(kind="警告", content="警告", amount=None, decided_on=date(2026, 6, 1)),
    )
    fine = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 6, 1)))
    with at(date(2026, 6, 2)):
        services.publish_decision(actor=officer, decision=warning)
        services.publish_decision(actor=officer, decision=fine)
    warning.refresh_from_db()
    fine.refresh_from_db()
    assert warning.publicity_until == date(2026, 6, 1) + timedelta(days=90)
    assert fine.publicity_until == date(2026, 6, 1) + timedelta(days=365)
    with at(date(2026, 9, 1)):
        assert set(queries.public_decisions()) == {fine}
        assert set(queries.archived_decisions()) == {warning}
        assert client.get(reverse("enforcement:decision", args=[warning.pk])).status_code == 404
        assert Decision.objects.filter(pk=warning.pk).exists()  # archived, not deleted
    settings.ENFORCEMENT_PUBLICITY_DAYS = {"警告": 30}
    assert rules.publicity_end(date(2026, 6, 1), "警告", settings.ENFORCEMENT_PUBLICITY_DAYS) == date(
        2026, 7, 1
    )


def test_a_published_decision_changes_only_publicly_with_a_reason(officer, penalty_data, client):
    decision = services.create_decision(actor=officer, data=penalty_data())
    services.publish_decision(actor=officer, decision=decision)
    with pytest.raises(DomainError) as refused:
        services.update_decision(actor=officer, decision=decision, data=penalty_data(amount=Decimal("15")))
    assert refused.value.field == "reason"
    services.update_decision(
        actor=officer,
        decision=decision,
        data=penalty_data(amount=Decimal("15"), content="罚款人民币十五万元"),
        reason="行政复议决定变更罚款数额",
    )
    change = DecisionChange.objects.get(decision=decision)
    assert change.kind == "change"
    assert Decimal(change.before["amount"]) == 20 and Decimal(change.after["amount"]) == 15
    page = client.get(reverse("enforcement:decision", args=[decision.pk])).content.decode()
    assert "行政复议决定变更罚款数额" in page


def test_withdrawal_shows_its_reason_and_date(officer, leader, penalty_data, client):
    decision = services.create_decision(actor=officer, data=penalty_data())
    services.publish_decision(actor=officer, decision=decision)
    with pytest.raises(PermissionDenied):
        services.withdraw_decision(actor=officer, decision=decision, reason="x")
    services.withdraw_decision(
        actor=leader, decision=decision, reason="人民法院判决撤销该处罚决定", withdrawn_on=date(2026, 11, 20)
    )
    page = client.get(reverse("enforcement:decision", args=[decision.pk])).content.decode()
    assert "本决定已撤回" in page and "人民法院判决撤销该处罚决定" in page and "2026年11月20日" in page
    export = client.get(reverse("enforcement:decisions") + "?export=csv").content.decode("utf-8-sig")
    assert "已撤回" in export and "人民法院判决撤销该处罚决定" in export
    with pytest.raises(DomainError):
        services.update_decision(actor=officer, decision=decision, data=penalty_data(), reason="再改")
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "enforcement.decision_create",
        "enforcement.decision_publish",
        "enforcement.decision_withdraw",
    } <= actions


def test_seizure_release_is_a_public_change(officer, penalty_data, client):
    decision = services.create_decision(
        actor=officer,
        data=penalty_data(
            category="coercion",
            kind="扣押",
            content="扣押用于违法排污的暗管设备",
            amount=None,
            seized_items="潜水泵2台、软管50米",
            measure_from=date(2026, 10, 9),
            measure_to=date(2026, 11, 8),
        ),
    )
    services.publish_decision(actor=officer, decision=decision)
    services.release_measure(
        actor=officer, decision=decision, released_on=date(2026, 11, 1), reason="当事人已整改"
    )
    page = client.get(reverse("enforcement:decision", args=[decision.pk])).content.decode()
    assert "潜水泵2台" in page and "2026年11月1日" in page and "当事人已整改" in page  # DATE_FORMAT


def test_public_dates_follow_the_interface_language(officer, penalty_data, client):
    """The decision page writes its dates in the interface's DATE_FORMAT: 2026年9月28日 in Chinese,
    Sept. 28, 2026 in English (the decision's own text stays as entered)."""
    from django.conf import settings

    decision = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 9, 28)))
    with at(date(2026, 10, 9)):
        services.publish_decision(actor=officer, decision=decision)
    url = reverse("enforcement:decision", args=[decision.pk])
    chinese = client.get(url).content.decode()
    assert "2026年9月28日" in chinese and "2026年10月9日" in chinese and "Sept. 28, 2026" not in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Sept. 28, 2026" in english and "Oct. 9, 2026" in english
    assert "2026年9月28日" not in english and "2026年10月9日" not in english


def test_yearly_contribution_counts_decisions_of_the_year(officer, leader, penalty_data):
    for day in (date(2026, 3, 2), date(2026, 5, 6), date(2025, 12, 1)):
        services.create_decision(actor=officer, data=penalty_data(decided_on=day))
    withdrawn = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 4, 1)))
    services.publish_decision(actor=officer, decision=withdrawn)
    services.withdraw_decision(actor=leader, decision=withdrawn, reason="复议撤销")
    services.create_decision(
        actor=officer,
        data=penalty_data(
            category="coercion",
            kind="查封",
            amount=None,
            seized_items="锅炉",
            measure_from=date(2026, 7, 1),
            measure_to=date(2026, 7, 30),
            decided_on=date(2026, 7, 1),
        ),
    )
    contributions = {c.key: result for c, result in yearly.collect(2026)}
    result = contributions["enforcement"]
    assert result.table2 == {"penalty": {"decisions": 2}, "coercion": {"decisions": 1}}


def test_staff_pages_and_permissions(officer, leader, make_staff, client_for, penalty_data):
    decision = services.create_decision(actor=officer, data=penalty_data())
    officer_client = client_for(officer)
    for name, args in (
        ("enforcement:staff_decisions", []),
        ("enforcement:staff_decision_new", []),
        ("enforcement:staff_decision", [decision.pk]),
        ("enforcement:staff_decision_edit", [decision.pk]),
    ):
        assert officer_client.get(reverse(name, args=args)).status_code == 200
    assert officer_client.get(reverse("enforcement:staff_decisions") + "?export=xlsx").status_code == 200
    assert AuditRecord.objects.filter(action="enforcement.decisions.export", actor_id=officer.pk).exists()
    leader_client = client_for(leader)
    assert leader_client.get(reverse("enforcement:staff_decision", args=[decision.pk])).status_code == 200
    assert leader_client.get(reverse("enforcement:staff_decision_new")).status_code == 403
    editor = client_for(make_staff("editor"))
    assert editor.get(reverse("enforcement:staff_decisions")).status_code == 403
    response = officer_client.post(reverse("enforcement:staff_decision_publish", args=[decision.pk]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.published_at is not None


def test_the_entry_form_creates_a_decision(officer, client_for, code):
    response = client_for(officer).post(
        reverse("enforcement:staff_decision_new"),
        {
            "category": "penalty",
            "party_type": "organisation",
            "party_name": "示例市恒通印染有限公司",
            "credit_code": code("91330100MA2XY7W8K"),
            "violation_type": "未批先建",
            "facts": "该公司印染项目未依法报批环境影响评价文件即开工建设。",
            "legal_basis": "《中华人民共和国环境影响评价法》第三十一条第一款",
            "kind": "罚款",
            "content": "罚款人民币三十五万元",
            "amount": "35",
            "decided_on": "2026-11-02",
            "authority": "示例市生态环境局",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    assert decision.number == "环罚〔2026〕1号"
    assert decision.publish_due == date(2026, 11, 11)


def test_public_list_filters_never_fail(client):
    for query in ("?year=abc", "?kind=nonsense", "?category=x", "?sort=zzz", "?page=999"):
        assert client.get(reverse("enforcement:decisions") + query).status_code == 200


@pytest.mark.parametrize(
    ("revoked", "withdrawn", "late"),
    [
        (date(2026, 11, 2), date(2026, 11, 5), False),  # the 3rd day
        (date(2026, 11, 2), date(2026, 11, 6), True),
        (date(2026, 9, 30), date(2026, 10, 3), False),  # calendar days: the National Day holiday counts
    ],
)
def test_withdrawal_within_three_days_of_the_revocation(
    officer, leader, penalty_data, revoked, withdrawn, late, client_for
):
    decision = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 9, 1)))
    services.publish_decision(actor=officer, decision=decision)
    services.record_revocation(
        actor=officer, decision=decision, revoked_on=revoked, reason="行政复议决定撤销"
    )
    decision.refresh_from_db()
    assert decision.withdraw_due == revoked + timedelta(days=3)
    assert list(queries.awaiting_withdrawal()) == [decision]
    cards = {shown.card.key: shown for shown in dashboard.cards_for(leader)}
    assert cards["enforcement.awaiting_withdrawal"].count == 1
    assert "enforcement.awaiting_withdrawal" not in {s.card.key for s in dashboard.cards_for(officer)}
    page = client_for(leader).get(reverse("enforcement:staff_decision", args=[decision.pk])).content.decode()
    assert "行政复议决定撤销" in page and f"{decision.withdraw_due:%Y-%m-%d}前撤回" in page
    decision = services.withdraw_decision(
        actor=leader, decision=decision, reason="行政复议决定撤销", withdrawn_on=withdrawn
    )
    assert decision.withdrawn_late is late
    assert not queries.awaiting_withdrawal().exists()


def test_revocation_and_withdrawal_through_the_console(officer, leader, penalty_data, client_for):
    decision = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 9, 1)))
    services.publish_decision(actor=officer, decision=decision)
    officer_client = client_for(officer)
    page = officer_client.get(reverse("enforcement:staff_decision", args=[decision.pk])).content.decode()
    assert "登记变更、撤销或确认违法、无效" in page
    response = officer_client.post(
        reverse("enforcement:staff_decision_revoked", args=[decision.pk]),
        {"revoked-revoked_on": "2026-11-02", "revoked-reason": "示例市人民政府行政复议决定撤销"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.revoked_on == date(2026, 11, 2)
    leader_client = client_for(leader)
    assert (
        leader_client.post(reverse("enforcement:staff_decision_revoked", args=[decision.pk])).status_code
        == 403
    )
    response = leader_client.post(
        reverse("enforcement:staff_decision_withdraw", args=[decision.pk]),
        {"reason": "示例市人民政府行政复议决定撤销", "withdrawn_on": "2026-11-04"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_on == date(2026, 11, 4) and decision.withdrawn_late is False


def test_a_decision_exempt_from_publication_is_never_published_nor_overdue(officer, penalty_data):
    decision = services.create_decision(
        actor=officer,
        data=penalty_data(
            party_type="person",
            party_name="李小明",
            credit_code="",
            legal_representative="",
            not_public="minor",
        ),
    )
    assert decision.status_label == "不予公开"
    with pytest.raises(DomainError):
        services.publish_decision(actor=officer, decision=decision)
    with at(date(2026, 12, 1)):
        assert not queries.overdue_unpublished().exists()
    published = services.create_decision(actor=officer, data=penalty_data())
    services.publish_decision(actor=officer, decision=published)
    with pytest.raises(DomainError) as refused:
        services.update_decision(
            actor=officer, decision=published, data=penalty_data(not_public="trade_secret"), reason="涉密"
        )
    assert refused.value.field == "not_public"


def test_the_home_page_card_lists_the_publicly_listed_decisions_masked(officer, penalty_data, client):
    from gongkai.core import home

    assert "enforcement-latest" in [card.key for card in home.cards()]
    with at(date(2026, 10, 9)):
        assert 'id="home-enforcement-latest"' not in client.get("/").content.decode()  # nothing yet
        person = services.create_decision(
            actor=officer,
            data=penalty_data(
                party_type="person", party_name="张三丰", credit_code="", legal_representative=""
            ),
        )
        services.publish_decision(actor=officer, decision=person)
        draft = services.create_decision(actor=officer, data=penalty_data(party_name="示例市未公示有限公司"))
        card = (
            client.get("/").content.decode().split('id="home-enforcement-latest"')[1].split("</article>")[0]
        )
    assert reverse("enforcement:decision", args=[person.pk]) in card and "张**" in card
    assert "张三丰" not in card and draft.party_name not in card
    assert "2026-10-09" in card  # the publication date
