"""Staff pages in English (issue #13, "Staff wording"): with the language switch on English, the
console shows no Chinese interface text and no raw codes.

The fixtures hold only ASCII data (names, titles, descriptions, reasons), so any CJK character left on a
page is interface text that escaped translation. Text that must stay Chinese whatever the interface
language — the reply letters and notices written to applicants, which are legal documents — is marked
in the templates with `lang="zh-Hans"` and skipped here; nothing else is allowed."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
TODAY = date(2026, 10, 20)  # a Tuesday after the National Day week
# Chinese that an English page shows on purpose, with the reason.
ALLOWED = {
    "【】": "the brackets that mark what is left to fill in a Chinese letter draft: the help names them",
    "“放假”": "the calendar form accepts the Chinese keywords too, and its help names them",
    "“上班”": "the same",
    "广州市生态环境局 → 广州市人民政府": "the organisation form's example of Chinese names",
    "“重点排污单位”": "the obligation upload accepts the basis in Chinese too: its help names it",
}
# Document numbers (文号) such as 环罚〔2026〕1号 or 双随机〔2026〕2号 are identifiers the bureau issues in
# Chinese, stored with the decision or plan and quoted as they are: data, not interface text.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "value", "data-confirm")


class VisibleText(HTMLParser):
    """The text and the shown attributes of a page, without <script>/<style>, the elements marked
    `lang="zh-Hans"` (documents written to applicants, in Chinese by law) and those marked
    `translate="no"` (stored values shown as they are: the audit trail's snapshots)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # the open tags since the skipped element began

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._skip:
            if tag not in VOID:
                self._skip.append(tag)
            return
        chinese = (attributes.get("lang") or "").startswith("zh")
        typed = tag == "textarea"  # what is typed, like an input's value
        if tag in ("script", "style") or chinese or typed or attributes.get("translate") == "no":
            if tag not in VOID:
                self._skip.append(tag)
            return
        if tag == "input" and attributes.get("type") == "hidden":
            return
        button = tag == "input" and attributes.get("type") in ("submit", "button", "reset")
        # A value is shown only on an input button: elsewhere it is what was typed or a choice's code.
        shown = [name for name in SHOWN_ATTRIBUTES if name in attributes and (name != "value" or button)]
        self.parts.extend(attributes[name] or "" for name in shown)

    def handle_startendtag(self, tag, attrs):
        if not self._skip:
            self.handle_starttag(tag, attrs)
            if tag not in VOID and self._skip:
                self._skip.pop()

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


# A code where words should be: snake_case ("unavailable_not_held", "pm2_5") or a dotted lower-case
# name that is not a host or file name ("air.batch", "application.extend").
RAW_CODE = re.compile(r"(?<![\w@/.-])(?:[a-z][a-z0-9]*_[a-z0-9_]+|[a-z]+\.[a-z_]+(?:\.[a-z_]+)*)(?![\w@/.-])")
NOT_CODES = {
    "example.com": "a host in the ASCII test data",
    "pm2_5": "the air upload's column names, which the file must use: its help lists them",
    "so2_flag": "the same",
    "pm2_5_flag": "the same",
    "credit_code": "the licensing uploads' column names, which the file must use: their help lists them",
    "key_polluter": "the same (a code the obligation upload accepts)",
    "disclosed_on": "the same",
    "event_date": "the same",
}


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def raw_codes(html: str, not_codes: dict[str, str] = NOT_CODES) -> list[str]:
    """Codes shown as words (the page should show their labels)."""
    return [code for code in dict.fromkeys(RAW_CODE.findall(visible_text(html))) if code not in not_codes]


def chinese_left(html: str, allowed_text: dict[str, str] = ALLOWED) -> list[str]:
    """Each run of CJK characters on the page, with a little context."""
    text = DOCUMENT_NUMBER.sub("", visible_text(html))
    for allowed in allowed_text:
        text = text.replace(allowed, "")
    return list(dict.fromkeys(text[max(0, m.start() - 12) : m.end() + 12] for m in CJK.finditer(text)))


# --- ASCII data at several stages ---------------------------------------------------------------


@pytest.fixture
def fixed_today(monkeypatch):
    from gongkai.applications import queries

    moment = datetime.combine(TODAY, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(queries, "now", lambda: moment)
    return TODAY


@pytest.fixture
def ascii_organisation(db):
    from gongkai.core.models import Organisation

    organisation = Organisation.current()
    organisation.name = "Example City Ecology and Environment Bureau"
    organisation.short_name = "Example EEB"
    organisation.reconsideration_body = "Example City People's Government"
    organisation.save()
    return organisation


@pytest.fixture
def people(make_staff, ascii_organisation):
    return {
        "handler": make_staff("request_handler", username="handler", full_name="Hannah Handler"),
        "legal": make_staff("legal_reviewer", username="legal", full_name="Lee Legal"),
        "leader": make_staff("leader", username="leader", full_name="Liu Leader"),
        "editor": make_staff("editor", username="editor", full_name="Ed Editor", department="Office"),
        "reviewer": make_staff("reviewer", username="reviewer", full_name="Rita Reviewer"),
        "auditor": make_staff("audit_administrator", username="auditor", full_name="Al Auditor"),
        "admin": make_staff("administrator", username="sysadmin", full_name="Sam Admin"),
        "data": make_staff("data_officer", username="data", full_name="Dana Data"),
    }


def applicant(n: int) -> dict:
    from tests.applications.conftest import resident_id

    return {
        "applicant_type": "natural_person",
        "organisation_kind": "",
        "name": f"Alice Example {n}",
        "id_type": "resident_id",
        "id_number": resident_id(f"110105194912310{n:02d}"),
        "contact_person": "",
        "phone": "13912345678",
        "email": f"alice{n}@example.com",
        "address": "99 Sample Road",
        "postcode": "990001",
        "description": f"Self-monitoring data of key dischargers, request {n}.",
        "document_reference": "",
        "provision_form": "email",
        "delivery_method": "email",
    }


@pytest.fixture
def cases(people, fixed_today):
    """One application at each stage of the clock."""
    from gongkai.applications import services
    from gongkai.applications.models import Consultation

    handler, legal, leader = people["handler"], people["legal"], people["leader"]

    def register(n: int, received: date):
        return services.register_application(
            actor=handler,
            channel="in_person",
            data=applicant(n),
            arrived_on=received,
            backdate_reason="Registered late" if received < TODAY else "",
        ).application

    running = register(1, TODAY)
    supplement = register(2, date(2026, 10, 12))
    services.request_supplement(
        actor=handler,
        application=supplement,
        issued_on=date(2026, 10, 13),
        deadline=date(2026, 10, 27),
        items="The address of the facility.",
    )
    extension = register(3, date(2026, 9, 21))
    services.request_extension(actor=handler, application=extension, workdays=20, reason="Many records")
    services.start_consultation(
        actor=handler,
        application=extension,
        started_on=date(2026, 10, 9),
        party_kind=Consultation.PartyKind.values[0],
        party="Acme Plant Ltd",
    )
    fee = register(4, date(2026, 10, 12))
    services.issue_fee_notice(
        actor=handler,
        application=fee,
        method="by_volume",
        issued_on=date(2026, 10, 14),
        notice_received_on=date(2026, 10, 15),
        pages=150,
    )
    replied = register(5, date(2026, 10, 9))
    letter = services.draft_reply(actor=handler, application=replied, outcome="unavailable_not_held")
    services.submit_for_legal_review(actor=handler, letter=letter)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="Agreed")
    services.sign_reply(actor=leader, letter=letter, signed_on=date(2026, 10, 16))
    services.record_delivery(
        actor=handler, application=replied, method="email", delivered_on=date(2026, 10, 19)
    )
    in_review = register(6, date(2026, 10, 14))
    services.submit_for_legal_review(
        actor=handler,
        letter=services.draft_reply(actor=handler, application=in_review, outcome="unavailable_not_held"),
    )
    submitted = services.submit_application(data=applicant(7)).application
    # Later steps: a consultation answered, an extension approved, a fee paid, a case closed, an appeal.
    answered = register(8, date(2026, 9, 21))
    consultation = services.start_consultation(
        actor=handler,
        application=answered,
        started_on=date(2026, 9, 22),
        party_kind=Consultation.PartyKind.values[0],
        party="Beta Works Ltd",
    )
    services.end_consultation(
        actor=handler, consultation=consultation, ended_on=date(2026, 10, 9), opinion="No objection"
    )
    request = services.request_extension(actor=handler, application=answered, workdays=10, reason="Volume")
    services.decide_extension(actor=leader, request=request, approve=True, decided_on=date(2026, 10, 13))
    paid = register(9, date(2026, 10, 12))
    services.issue_fee_notice(
        actor=handler,
        application=paid,
        method="by_application",
        issued_on=date(2026, 10, 13),
        notice_received_on=date(2026, 10, 13),
        pieces=12,
    )
    services.record_fee_paid(actor=handler, application=paid, paid_on=date(2026, 10, 16))
    closed = register(10, date(2026, 9, 1))
    services.request_supplement(
        actor=handler,
        application=closed,
        issued_on=date(2026, 9, 2),
        deadline=date(2026, 9, 16),
        items="The period of the data.",
    )
    services.close_application(
        actor=handler,
        application=closed,
        outcome="other_no_supplement",
        closed_on=date(2026, 10, 19),
        reason="No supplement received",
    )
    services.record_appeal(
        actor=people["legal"],
        application=replied,
        route="reconsideration",
        body="Example City People's Government",
        filed_on=date(2026, 10, 20),
        case_number="R-2026-1",
    )
    return {
        "running": running,
        "supplement": supplement,
        "extension": extension,
        "fee": fee,
        "replied": replied,
        "in_review": in_review,
        "submitted": submitted,
        "answered": answered,
        "paid": paid,
        "closed": closed,
    }


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_english(
    client, urls: list[str], allowed: dict[str, str] = ALLOWED, not_codes: dict[str, str] = NOT_CODES
) -> None:
    """Every page answers 200 and shows no CJK character outside the text marked Chinese, and no code
    where a label belongs."""
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        left = chinese_left(page, allowed) + raw_codes(page, not_codes)
        if left:
            found[url] = left
    assert not found, "\n".join(f"{url}: " + " | ".join(left) for url, left in found.items())


# --- the pages ------------------------------------------------------------------------------------


def test_handler_pages_are_english(client_for, people, cases):
    client = english(client_for(people["handler"]))
    urls = [
        reverse(name)
        for name in (
            "core:staff_home",
            "applications:cases",
            "applications:dashboard",
            "applications:register",
            "applications:appeals",
            "applications:statistics",
        )
    ]
    urls += [reverse("applications:case", args=[case.pk]) for case in cases.values()]
    assert_english(client, urls)


def test_the_reply_event_shows_the_delivery_method_not_its_code(client_for, people, cases):
    page = english(client_for(people["handler"])).get(
        reverse("applications:case", args=[cases["replied"].pk])
    )
    events = visible_text(page.content.decode().split('id="clock"', 1)[1].split("</table>", 1)[0])
    assert "By email" in events, events
    assert events.count("email") == events.count("By email")  # never the bare code


def test_approval_and_review_pages_are_english(client_for, people, cases):
    leader = english(client_for(people["leader"]))
    assert_english(
        leader,
        [
            reverse("core:staff_home"),
            reverse("applications:approvals"),
            reverse("applications:case", args=[cases["extension"].pk]),
        ],
    )
    legal = english(client_for(people["legal"]))
    assert_english(
        legal,
        [
            reverse("core:staff_home"),
            reverse("applications:legal_queue"),
            reverse("applications:case", args=[cases["in_review"].pk]),
        ],
    )


@pytest.fixture
def documents(people):
    """A draft, a document in review and a published one, with ASCII titles."""
    from gongkai.disclosure import services
    from gongkai.disclosure.models import DocType

    admin, editor, reviewer = people["admin"], people["editor"], people["reviewer"]
    services.save_catalogue_item(actor=admin, code="03", name="Statutory content", department="Office")
    item = services.save_catalogue_item(
        actor=admin, code="03.02", name="Regulatory documents", department="Legal section"
    )

    def draft(title: str):
        return services.create_document(
            actor=editor,
            title=title,
            catalogue_item=item,
            issuing_organ="Example EEB",
            document_number="EEB [2026] 1",
            date_formed=date(2026, 9, 28),
            doc_type=DocType.OTHER,
            body="<p>Notice on the management of permits.</p>",
        )

    drafted = draft("Draft notice")
    in_review = services.submit_for_review(actor=editor, document=draft("Notice in review"))
    published = services.submit_for_review(actor=editor, document=draft("Published notice"))
    services.pass_review(actor=reviewer, document=published, note="May be published.")
    published = services.approve_document(actor=people["leader"], document=published)
    return {"draft": drafted, "in_review": in_review, "published": published}


def test_document_pages_are_english(client_for, people, documents):
    editor = english(client_for(people["editor"]))
    draft, in_review, published = documents["draft"], documents["in_review"], documents["published"]
    assert_english(
        editor,
        [
            reverse("core:staff_home"),
            reverse("disclosure:staff_documents"),
            reverse("disclosure:staff_document_new"),
            reverse("disclosure:staff_document", args=[draft.pk]),
            reverse("disclosure:staff_document_edit", args=[draft.pk]),
            reverse("disclosure:staff_history", args=[published.pk]),
        ],
    )
    reviewer = english(client_for(people["reviewer"]))
    assert_english(
        reviewer,
        [
            reverse("core:staff_home"),
            reverse("disclosure:staff_documents"),
            reverse("disclosure:staff_document", args=[in_review.pk]),
            reverse("disclosure:staff_document", args=[published.pk]),
        ],
    )


def test_audit_log_and_calendar_pages_are_english(client_for, people, cases):
    auditor = english(client_for(people["auditor"]))
    assert_english(auditor, [reverse("core:staff_home"), reverse("audit:list"), reverse("audit:mine")])
    admin = english(client_for(people["admin"]))
    assert_english(
        admin,
        [
            reverse("core:staff_home"),
            reverse("workcalendar:years"),
            reverse("workcalendar:year_edit", args=[2026]),
            reverse("workcalendar:year_grid", args=[2026]),
        ],
    )


@pytest.fixture
def air_data(db):
    from gongkai.air.intake import ingest
    from gongkai.air.models import Region, Station

    city = Region.objects.create(code="990100", name="Test City", kind=Region.Kind.CITY)
    east = Region.objects.create(code="990102", name="East", kind=Region.Kind.DISTRICT, parent=city)
    Station.objects.create(
        code="A1",
        name="Station A",
        longitude=116.4,
        latitude=39.9,
        district=east,
        control_level=Station.ControlLevel.NATIONAL,
        active_from=date(2020, 1, 1),
    )
    base = {"so2": "10", "no2": "30", "co": "0.8", "o3": "60", "pm10": "80", "pm2_5": "40"}
    rows = [{"station": "A1", "time": f"2026-02-10 {hour:02d}:00", **base} for hour in range(24)]
    ingest(rows=rows, channel="api")


def test_air_quality_control_pages_are_english(client_for, people, air_data):
    from gongkai.air.models import HourlyObservation

    data = english(client_for(people["data"]))
    observation = HourlyObservation.objects.order_by("pk").first()
    assert_english(
        data,
        [
            reverse("core:staff_home"),
            reverse("air:staff_observations"),
            reverse("air:staff_observation", args=[observation.pk]),
            reverse("air:staff_corrections"),
            reverse("air:staff_upload"),
        ],
    )


def test_catalogue_intake_and_administration_pages_are_english(client_for, people, documents):
    editor = english(client_for(people["editor"]))
    assert_english(
        editor,
        [
            reverse(name)
            for name in (
                "disclosure:staff_catalogue",
                "disclosure:staff_timeliness",
            )
        ],
    )
    leader = english(client_for(people["leader"]))
    assert_english(leader, [reverse("disclosure:staff_figures")])
    admin = english(client_for(people["admin"]))
    assert_english(
        admin,
        [
            reverse(name)
            for name in ("core:staff_users", "core:staff_organisation", "core:staff_pages", "intake:tokens")
        ],
    )
