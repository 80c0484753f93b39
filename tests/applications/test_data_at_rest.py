"""Applicants' identity numbers, phones and addresses are encrypted at rest under GONGKAI_DATA_KEY
(GB/T 22239-2019 8.1.4.8), found by staff through keyed hashes, and re-encrypted by key rotation —
tested on the demo cases."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongkai.applications import queries
from gongkai.applications.models import Application, applicant_key_for
from gongkai.audit.models import AuditRecord
from gongkai.core import crypto
from gongkai.core.keys import rotate_data_keys

from .conftest import APPLICANT_ID, APPLICANT_PHONE, FIXED_TODAY

NEW_KEY = "Nw7#rotated-master-key-for-the-test-0123456789"
FIELDS = ("id_number", "phone", "address")


def stored(application: Application) -> dict[str, str]:
    """What the database holds, read around the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address, applicant_key, phone_hash "
            "FROM applications_application WHERE id = %s",
            [application.pk],
        )
        return dict(zip((*FIELDS, "applicant_key", "phone_hash"), cursor.fetchone(), strict=True))


# --- the cipher (no database) -----------------------------------------------------------------


@pytest.mark.parametrize("cipher", [crypto.SM4, crypto.AES])
@given(text=st.text(min_size=1, max_size=200))
@hypothesis_settings(max_examples=60, deadline=None)
def test_any_text_round_trips_and_never_shows_in_the_stored_form(cipher, text):
    ring = crypto.Keyring(current=crypto.master_key("k" * 40), cipher=cipher)
    sealed = ring.encrypt(text)
    assert crypto.is_encrypted(sealed)
    assert ring.decrypt(sealed) == text
    assert sealed != ring.encrypt(text)  # a fresh nonce each time
    if len(text) >= 4:
        assert text not in sealed


def test_sm4_is_used_when_the_installed_cryptography_offers_it():
    assert crypto.sm4_available()
    assert crypto.chosen_cipher("sm4") == crypto.SM4
    assert crypto.chosen_cipher("aes") == crypto.AES


def test_an_altered_value_or_a_wrong_key_fails_instead_of_reading_wrong():
    ring = crypto.Keyring(current=crypto.master_key("a" * 40), cipher=crypto.SM4)
    sealed = ring.encrypt("13912345678")
    head, body = sealed.rsplit(":", 1)
    flipped = head + ":" + ("A" if body[0] != "A" else "B") + body[1:]
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt(flipped)
    other = crypto.Keyring(current=crypto.master_key("b" * 40), cipher=crypto.SM4)
    with pytest.raises(crypto.DecryptionError):
        other.decrypt(sealed)


def test_search_hashes_are_keyed():
    one = crypto.Keyring(current=crypto.master_key("a" * 40))
    two = crypto.Keyring(current=crypto.master_key("b" * 40))
    assert one.search_hash("x") == one.search_hash("x") != two.search_hash("x")


# --- the model --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_no_identity_phone_or_address_in_clear(register):
    application = register()
    raw = stored(application)
    for name in FIELDS:
        assert crypto.is_encrypted(raw[name]), name
    assert APPLICANT_ID not in str(raw) and APPLICANT_PHONE not in str(raw)
    fresh = Application.objects.get(pk=application.pk)
    assert (fresh.id_number, fresh.phone) == (APPLICANT_ID, APPLICANT_PHONE)
    assert fresh.address  # read back in clear
    assert raw["applicant_key"] == applicant_key_for(fresh.id_type, APPLICANT_ID)


@pytest.mark.django_db
def test_staff_find_a_case_by_the_applicants_phone_through_the_keyed_hash(register, handler, client_for):
    application = register()
    for written in (APPLICANT_PHONE, f"{APPLICANT_PHONE[:3]} {APPLICANT_PHONE[3:7]} {APPLICANT_PHONE[7:]}"):
        found = queries.filter_cases({"q": written}, can_see_applicant=True)
        assert list(found) == [application]
    assert not queries.filter_cases({"q": APPLICANT_PHONE}, can_see_applicant=False).exists()
    page = client_for(handler).get(reverse("applications:cases"), {"q": APPLICANT_PHONE})
    assert application.tracking_number in page.text


# --- rotation on the demo cases ---------------------------------------------------------------


@pytest.fixture
def demo_cases(set_today, make_staff):
    from gongkai.applications.demo import load_demo_cases

    for role, username in (("request_handler", "handler"), ("legal_reviewer", "legal"), ("leader", "leader")):
        make_staff(role, username=username)
    set_today(FIXED_TODAY)
    load_demo_cases()
    cases = list(Application.objects.order_by("pk"))
    assert len(cases) >= 7
    return cases


@pytest.mark.django_db
def test_rotation_re_encrypts_the_demo_database_under_the_new_key(demo_cases, settings):
    old_key = settings.DATA_KEY
    before = {a.pk: (a.id_number, a.phone, a.address, a.applicant_key) for a in demo_cases}
    old_id = crypto.master_key(old_key).key_id
    new_id = crypto.master_key(NEW_KEY).key_id
    assert all(stored(a)["id_number"].split(":")[2] == old_id for a in demo_cases)

    with override_settings(DATA_KEY=NEW_KEY, DATA_KEYS_OLD=[old_key]):
        # Before the rotation the old values still read through the old key.
        assert Application.objects.get(pk=demo_cases[0].pk).id_number == before[demo_cases[0].pk][0]
        result = rotate_data_keys()
        # Every encrypted row: the cases, and the notices sent to their applicants (core.notify).
        from gongkai.core.models import Notification

        assert result.rows == len(demo_cases) + Notification.objects.count()
        assert result.key_id == new_id
        assert AuditRecord.objects.filter(action="keys.rotate").exists()
        # A second run finds nothing left to do.
        assert rotate_data_keys().rows == 0

    # Only the new key is configured now: every value opens, every search hash is the new one.
    with override_settings(DATA_KEY=NEW_KEY, DATA_KEYS_OLD=[]):
        for application in Application.objects.order_by("pk"):
            raw = stored(application)
            for name in FIELDS:
                if raw[name]:
                    assert raw[name].split(":")[2] == new_id, name
            id_number, phone, address, old_applicant_key = before[application.pk]
            assert (application.id_number, application.phone, application.address) == (
                id_number,
                phone,
                address,
            )
            assert application.applicant_key == applicant_key_for(application.id_type, id_number)
            assert application.applicant_key != old_applicant_key
            assert list(queries.filter_cases({"q": phone}, can_see_applicant=True).filter(pk=application.pk))

    # And the old key alone opens nothing any more.
    with override_settings(DATA_KEY=old_key, DATA_KEYS_OLD=[]), pytest.raises(crypto.DecryptionError):
        Application.objects.get(pk=demo_cases[0].pk)


@pytest.mark.django_db
def test_rotation_encrypts_values_stored_before_encryption(register):
    with override_settings(DATA_KEY=""):
        application = register()
    assert stored(application)["phone"] == APPLICANT_PHONE  # no key: stored plain (`gongkai check` fails)
    from gongkai.core.models import Notification

    assert rotate_data_keys().rows == 1 + Notification.objects.count()  # the case and its notices
    raw = stored(application)
    assert crypto.is_encrypted(raw["phone"]) and crypto.is_encrypted(raw["id_number"])
    assert Application.objects.get(pk=application.pk).phone == APPLICANT_PHONE


@pytest.mark.django_db
def test_rotation_without_the_old_key_stops_and_says_so(register):
    application = register()
    with override_settings(DATA_KEY=NEW_KEY, DATA_KEYS_OLD=[]), pytest.raises(crypto.DecryptionError):
        rotate_data_keys()
    assert stored(application)["id_number"].split(":")[2] != crypto.master_key(NEW_KEY).key_id


@pytest.mark.django_db
def test_uploaded_attachments_are_0600_in_0700_folders(register, handler):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.applications import services

    old_umask = os.umask(0o022)  # even under a permissive umask
    try:
        application = register()
        attachment = services.add_attachment(
            actor=handler,
            application=application,
            kind="other",
            upload=SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"),
        )
    finally:
        os.umask(old_umask)
    path = Path(attachment.file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
