"""The security baseline (等保 level-3 habits): password policy, lockout after failed logins,
idle timeout, first-login password change, CSRF, security headers and CSP, Chinese first."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from captcha.models import CaptchaStore
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from gongkai.audit.models import AuditRecord
from gongkai.core import services
from gongkai.core.errors import DomainError
from gongkai.core.middleware import IdleTimeoutMiddleware
from gongkai.core.models import User

from .staff_urls import staff_urls

pytestmark = pytest.mark.django_db

LOGIN = reverse("core:login")
STAFF_HOME = reverse("core:staff_home")
PASSWORD_CHANGE = reverse("core:password_change")


# --- password policy ------------------------------------------------------------------------


PREDICTABLE = "密码由常见单词、键盘排列（如 1qaz@WSX）、连续数字或日期组成，容易被猜中，请换一个。"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Hz#8mq4Tk2", None),  # exactly 10 characters, four classes
        ("hz#8mq4tk2", None),  # three classes are enough
        ("Hb#2026ab", "密码长度不得少于10位。"),  # 9 characters
        ("huanbaojuxinxi", "密码须至少包含大写字母、小写字母、数字、符号中的3类。"),
        ("huanbao2026", "密码须至少包含大写字母、小写字母、数字、符号中的3类。"),  # two classes
        ("HUANBAO-JU!", "密码须至少包含大写字母、小写字母、数字、符号中的3类。"),
        ("Wangxiaom#1", "密码跟 用户名 太相似了。"),  # similar to the username wangxiaoming
        ("Xiaoming#2026", "密码跟 用户名 太相似了。"),
        ("My#wangxiaoming9", "密码不得包含用户名。"),
        # Common words and keyboard patterns pass the class rule but are guessed first.
        ("1qaz@WSX3edc", PREDICTABLE),  # keyboard columns
        ("Admin@123456", PREDICTABLE),
        ("P@ssw0rd2026", PREDICTABLE),  # l33t "password" and a year
        ("Qwerty#2026", PREDICTABLE),
        ("Hb#2026abc", PREDICTABLE),  # three free characters around a year and a sequence
    ],
)
def test_password_policy(password, message):
    user = User(username="wangxiaoming", full_name="王小明")
    if message is None:
        validate_password(password, user)
        return
    with pytest.raises(ValidationError) as raised:
        validate_password(password, user)
    assert message in raised.value.messages
    assert not any("password" in text.lower() for text in raised.value.messages)  # all Chinese


def test_creating_an_account_with_a_weak_password_fails_in_chinese(administrator):
    with pytest.raises(DomainError) as raised:
        services.create_user(actor=administrator, username="zhangsan", password="short", roles=[])
    assert raised.value.field == "password"
    assert "密码长度不得少于10位。" in raised.value.message
    assert "3类" in raised.value.message
    assert not User.objects.filter(username="zhangsan").exists()


# --- lockout ----------------------------------------------------------------------------------


def attempt(client: Client, username: str, password: str, *, solve_captcha: bool = True):
    """One sign-in POST. A CAPTCHA becomes due after a few failures; the helper answers it the
    way a person would (reading the stored challenge), so that these tests exercise the lockout."""
    data = {"username": username, "password": password}
    if solve_captcha:
        key = CaptchaStore.generate_key()
        data |= {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}
    return client.post(LOGIN, data)


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", username="wangbianji")


@pytest.fixture
def behind_nginx(settings):
    """GONGKAI_PROXY_COUNT=1: every request reaches the application from nginx at 10.0.0.2, with
    the visitor's address appended to X-Forwarded-For."""
    settings.PROXY_COUNT = 1

    def via_proxy(visitor: str, claimed: str = "") -> Client:
        forwarded = f"{claimed}, {visitor}" if claimed else visitor
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    return via_proxy


def test_five_failed_logins_lock_the_account_even_against_the_right_password(editor, staff_password):
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(4):
        response = attempt(client, "wangbianji", "Wrong#pass2026")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.text
    fifth = attempt(client, "wangbianji", "Wrong#pass2026")
    assert fifth.status_code == 429
    assert "账号已临时锁定" in fifth.text

    sixth = attempt(client, "wangbianji", staff_password)
    assert sixth.status_code == 429
    assert "_auth_user_id" not in client.session
    assert not AuditRecord.objects.filter(action="auth.login", actor_id=editor.pk).exists()


def test_behind_a_proxy_a_lockout_holds_one_account_at_one_real_address_only(
    behind_nginx, editor, make_staff, staff_password
):
    colleague = make_staff("editor", username="libianji")
    attacker = behind_nginx("203.0.113.10")
    for _ in range(5):
        attempt(attacker, "wangbianji", "Wrong#pass2026")
    assert attempt(attacker, "wangbianji", staff_password).status_code == 429
    # Forging X-Forwarded-For does not help: nginx appends the real address, which is the one counted.
    assert (
        attempt(behind_nginx("203.0.113.10", claimed="192.0.2.99"), "wangbianji", staff_password).status_code
        == 429
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.10"}

    # The same proxy, other visitors: neither another account nor the same account elsewhere is locked.
    assert attempt(behind_nginx("203.0.113.10"), "libianji", staff_password).status_code == 302
    assert AuditRecord.objects.filter(action="auth.login", actor_id=colleague.pk).exists()
    owner = behind_nginx("198.51.100.3")
    assert attempt(owner, "wangbianji", staff_password).status_code == 302
    assert owner.session["_auth_user_id"] == str(editor.pk)


def test_four_failed_logins_do_not_lock(editor, staff_password):
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(4):
        attempt(client, "wangbianji", "Wrong#pass2026")
    assert attempt(client, "wangbianji", staff_password).status_code == 302


def test_an_address_guessing_many_usernames_must_wait_longer_and_longer(
    settings, behind_nginx, editor, staff_password
):
    assert settings.LOGIN_IP_BACKOFF_AFTER == 10
    guesser = behind_nginx("203.0.113.66")
    for number in range(10):
        assert attempt(guesser, f"guess{number}", "Wrong#pass2026").status_code == 200  # nobody locked
    refused = attempt(guesser, "wangbianji", staff_password)
    assert refused.status_code == 429
    assert "秒后再试" in refused.text
    assert AccessAttempt.objects.filter(username="wangbianji").count() == 0  # not even counted
    # Others are not held up by that address.
    assert attempt(behind_nginx("198.51.100.3"), "wangbianji", staff_password).status_code == 302

    def last_failure(seconds_ago: int) -> None:
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=seconds_ago))

    last_failure(2)  # 10 failures: wait 2**0 = 1 s
    attempt(guesser, "guess10", "Wrong#pass2026")  # the 11th failure: wait 2 s
    assert attempt(guesser, "wangbianji", staff_password).status_code == 429
    last_failure(3)
    assert attempt(guesser, "wangbianji", staff_password).status_code == 302


def test_a_captcha_is_due_after_three_failures_and_checked_before_the_password(
    behind_nginx, editor, staff_password
):
    client = behind_nginx("203.0.113.10")
    assert "captcha_1" not in client.get(LOGIN).text
    for _ in range(3):
        attempt(client, "wangbianji", "Wrong#pass2026", solve_captcha=False)
    page = client.get(LOGIN).text
    assert 'name="captcha_1"' in page
    assert 'alt="验证码图片"' in page
    image = re.search(r'src="(/captcha/image/[0-9a-f]+/)"', page).group(1)
    png = client.get(image)  # drawn by the site itself: the CSP's img-src 'self' allows it
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"

    # Without the CAPTCHA, or with a wrong one, the right password does not sign in and costs no failure.
    missing = attempt(client, "wangbianji", staff_password, solve_captcha=False)
    assert missing.status_code == 200
    assert "请输入验证码" in missing.text
    key = CaptchaStore.generate_key()
    wrong = client.post(
        LOGIN, {"username": "wangbianji", "password": staff_password, "captcha_0": key, "captcha_1": "xxxxx"}
    )
    assert "验证码不正确" in wrong.text
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="wangbianji").failures_since_start == 3
    # Another visitor trying the same username meets the CAPTCHA as well.
    assert (
        'name="captcha_1"'
        in attempt(behind_nginx("198.51.100.3"), "wangbianji", "Wrong", solve_captcha=False).text
    )

    assert attempt(client, "wangbianji", staff_password).status_code == 302


def test_the_security_administrator_sees_and_lifts_lockouts_with_an_audit_record(
    behind_nginx, editor, administrator, security_administrator, client_for, staff_password
):
    attacker = behind_nginx("203.0.113.10")
    for _ in range(5):
        attempt(attacker, "wangbianji", "Wrong#pass2026")
    console = client_for(security_administrator)
    page = console.get(reverse("core:staff_lockouts"))
    assert page.status_code == 200
    assert 'data-lockout="wangbianji@203.0.113.10"' in page.text
    assert "已锁定" in page.text
    locked = AccessAttempt.objects.get(username="wangbianji")

    # An editor, and the system administrator (三员分立), may neither see nor lift them.
    for other in (editor, administrator):
        assert client_for(other).get(reverse("core:staff_lockouts")).status_code == 403
        assert client_for(other).post(reverse("core:staff_lockout_lift", args=[locked.pk])).status_code == 403

    lifted = console.post(reverse("core:staff_lockout_lift", args=[locked.pk]))
    assert lifted.status_code == 302
    record = AuditRecord.objects.get(action="auth.lockout_lift")
    assert record.actor_id == security_administrator.pk
    assert "203.0.113.10" in record.target_repr
    assert not AccessAttempt.objects.exists()
    assert attempt(attacker, "wangbianji", staff_password).status_code == 302


def test_the_lockout_lasts_fifteen_minutes(editor, staff_password):
    assert get_cool_off() == timedelta(minutes=15)
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(5):
        attempt(client, "wangbianji", "Wrong#pass2026")

    def last_failure(minutes_ago: int) -> None:
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes_ago))

    last_failure(14)
    assert attempt(client, "wangbianji", staff_password).status_code == 429
    last_failure(16)
    response = attempt(client, "wangbianji", staff_password)
    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME


# --- idle timeout -----------------------------------------------------------------------------


def idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = time.time() - minutes * 60
    session.save()


def test_thirty_minutes_without_a_request_log_the_user_out(client_for, editor):
    client = client_for(editor)
    assert client.get(STAFF_HOME).status_code == 200
    idle_for(client, 31)

    response = client.get(STAFF_HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={STAFF_HOME}"
    assert "_auth_user_id" not in client.session
    assert AuditRecord.objects.filter(action="auth.logout", actor_id=editor.pk).exists()
    login_page = client.get(response["Location"])
    assert "您已长时间未操作，为安全起见已自动退出，请重新登录。" in login_page.text
    assert client.get(STAFF_HOME).status_code == 302


def test_twenty_nine_idle_minutes_keep_the_session(client_for, editor):
    client = client_for(editor)
    client.get(STAFF_HOME)
    idle_for(client, 29)
    assert client.get(STAFF_HOME).status_code == 200
    idle_for(client, 29)  # each request restarts the clock
    assert client.get(STAFF_HOME).status_code == 200


def signed_in_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[IdleTimeoutMiddleware.SIGNED_IN_KEY] = time.time() - hours * 3600
    session.save()


def test_an_active_session_still_ends_eight_hours_after_signing_in(editor, staff_password):
    assert settings.SESSION_ABSOLUTE_LIMIT_SECONDS == 8 * 3600
    client = Client()
    assert client.post(LOGIN, {"username": "wangbianji", "password": staff_password}).status_code == 302
    assert client.get(STAFF_HOME).status_code == 200
    assert IdleTimeoutMiddleware.SIGNED_IN_KEY in client.session
    signed_in_hours_ago(client, 7.9)
    assert client.get(STAFF_HOME).status_code == 200  # active all along: never idle
    signed_in_hours_ago(client, 8.01)
    response = client.get(STAFF_HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={STAFF_HOME}"
    assert "_auth_user_id" not in client.session
    assert "登录已超过规定时长" in client.get(response["Location"]).text


def test_the_session_cookie_ends_with_the_browser(editor, staff_password):
    client = Client()
    response = client.post(LOGIN, {"username": "wangbianji", "password": staff_password})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a session cookie, not a persistent one
    assert client.session.get_expiry_age() == 8 * 3600  # and the server forgets it after 8 h


# --- first-login password change --------------------------------------------------------------


def test_an_account_created_by_an_administrator_must_change_its_password_first(
    admin_client, staff_password, client_for
):
    response = admin_client.post(
        reverse("core:staff_user_create"),
        {"username": "lisi", "full_name": "李四", "roles": ["editor"], "password": staff_password},
    )
    assert response.status_code == 302
    lisi = User.objects.get(username="lisi")
    assert lisi.must_change_password

    client = Client()
    response = client.post(LOGIN, {"username": "lisi", "password": staff_password, "next": STAFF_HOME})
    assert response.status_code == 302
    assert client.get(STAFF_HOME)["Location"] == PASSWORD_CHANGE


def test_until_changed_every_staff_page_leads_to_the_password_change(make_staff, client_for):
    user = make_staff("administrator", must_change_password=True)
    client = client_for(user)
    wrong = {}
    for name, url, _permission in staff_urls(user_pk=user.pk):
        response = client.get(url)
        if response.status_code != 302 or response["Location"] != PASSWORD_CHANGE:
            wrong[name] = response.status_code
    assert wrong == {}
    assert client.get(PASSWORD_CHANGE).status_code == 200


def test_changing_the_password_is_audited_and_opens_the_console(make_staff, client_for, staff_password):
    user = make_staff("editor", username="zhaoliu", must_change_password=True)
    client = client_for(user)
    new = "Shengtai#2027xx"

    wrong_old = client.post(
        PASSWORD_CHANGE, {"old_password": "Nope#12345678", "new_password1": new, "new_password2": new}
    )
    assert "原密码不正确。" in wrong_old.text
    same = client.post(
        PASSWORD_CHANGE,
        {"old_password": staff_password, "new_password1": staff_password, "new_password2": staff_password},
    )
    assert "新密码不能与原密码相同。" in same.text
    weak = client.post(
        PASSWORD_CHANGE, {"old_password": staff_password, "new_password1": "abc", "new_password2": "abc"}
    )
    assert "密码长度不得少于10位。" in weak.text

    response = client.post(
        PASSWORD_CHANGE, {"old_password": staff_password, "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.password_changed_at is not None
    assert user.check_password(new)
    entry = AuditRecord.objects.get(action="auth.password_change")
    assert (entry.actor_id, entry.target_id) == (user.pk, str(user.pk))
    assert client.get(STAFF_HOME).status_code == 200  # still signed in, no longer redirected


def test_a_password_reset_by_an_administrator_forces_a_change_again(administrator, make_staff):
    user = make_staff("editor")
    services.reset_password(actor=administrator, user=user, new_password="Linshi#2026pw")
    user.refresh_from_db()
    assert user.must_change_password
    assert AuditRecord.objects.filter(action="user.reset_password", target_id=str(user.pk)).exists()


PASSWORDS = ["Hz#8mq4Tk2", "Ku9%Nh3xw2", "Hu#9lanQ4w", "Rw5&jd8Pz3", "Tb3!xv7Lq6", "Yc6*pm2Ng8"]


def change(client: Client, old: str, new: str):
    return client.post(PASSWORD_CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_none_of_the_last_five_passwords_may_be_chosen_again(make_staff, client_for, staff_password):
    user = make_staff("editor", username="zhaoliu")
    client = client_for(user)
    current = staff_password
    for new in PASSWORDS[:5]:
        assert change(client, current, new).status_code == 302
        current = new
    # Four changes ago and the current-but-one are refused; the first (six passwords ago) is allowed.
    for reused in PASSWORDS[1:4]:
        refused = change(client, current, reused)
        assert refused.status_code == 200
        assert "新密码不得与最近5次使用过的密码相同。" in refused.text
    assert change(client, current, staff_password).status_code == 302
    assert user.password_history.count() == 5


def test_an_administrators_reset_obeys_the_history_too(administrator, make_staff, staff_password):
    user = make_staff("editor")
    services.reset_password(actor=administrator, user=user, new_password=PASSWORDS[0])
    with pytest.raises(DomainError) as raised:
        services.reset_password(actor=administrator, user=user, new_password=staff_password)
    assert "最近5次" in raised.value.message


def test_the_django_admins_password_change_goes_through_the_audited_console_view(
    make_staff, client_for, staff_password
):
    user = make_staff("administrator", username="chaoji")
    user.is_staff = user.is_superuser = True
    user.save()
    client = client_for(user)
    for method in (client.get, client.post):
        response = method(
            "/admin/password_change/", {"old_password": staff_password, "new_password1": "1qaz@WSX3edc"}
        )
        assert response.status_code == 302
        assert response["Location"] == PASSWORD_CHANGE
    user.refresh_from_db()
    assert user.check_password(staff_password)  # nothing changed on the way
    assert "已被锁定" not in client.get(PASSWORD_CHANGE).text
    weak = change(client, staff_password, "1qaz@WSX3edc")
    assert PREDICTABLE in weak.text
    assert change(client, staff_password, PASSWORDS[0]).status_code == 302
    assert AuditRecord.objects.filter(action="auth.password_change", actor_id=user.pk).count() == 1


def test_a_pending_password_change_blocks_the_console_only(make_staff, client_for):
    user = make_staff("editor", must_change_password=True)
    client = client_for(user)
    assert client.get(STAFF_HOME)["Location"] == PASSWORD_CHANGE
    assert client.get("/admin/")["Location"] == PASSWORD_CHANGE
    assert client.get("/").status_code == 200
    assert client.get("/xxgk/").status_code == 200
    assert client.get("/api/v1/catalogue").status_code == 200
    assert client.get(PASSWORD_CHANGE).status_code == 200


# --- headers and CSP --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", LOGIN, "/xxgk/", "/no-such-page/"])
def test_security_headers_on_every_response(url):
    response = Client().get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    directives = response["Content-Security-Policy"].split("; ")
    policy = {name: value for name, _space, value in (directive.partition(" ") for directive in directives)}
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_scripts_are_allowed_from_the_site_only_and_without_a_nonce():
    """The project's policy through django-csp: scripts are files of the site itself. No nonce, so a
    page from the page cache (core.pagecache) carries nothing tied to another response."""

    def view(request):
        return HttpResponse("<p>ok</p>")

    response = CSPMiddleware(view)(RequestFactory().get("/"))
    script_src = next(
        part for part in response["Content-Security-Policy"].split("; ") if part.startswith("script-src ")
    )
    assert script_src == "script-src 'self'"


def test_no_template_writes_an_inline_script_or_a_nonce():
    """Every <script> has a src under 'self'; inline code would be refused by the policy above."""
    from pathlib import Path

    import gongkai

    root = Path(gongkai.__file__).parent
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert "nonce" not in text, template
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert " src=" in tag, (template, tag)


def test_staff_and_login_pages_are_not_cached(client_for, editor):
    assert client_for(editor).get(STAFF_HOME)["Cache-Control"] == "no-store"
    assert Client().get(LOGIN)["Cache-Control"] == "no-store"


def test_the_session_cookie_is_http_only_and_same_site(editor, staff_password):
    client = Client()
    attempt(client, "wangbianji", staff_password)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser


# --- CSRF -------------------------------------------------------------------------------------


def test_a_login_post_without_the_csrf_token_is_refused_in_chinese(editor, staff_password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "wangbianji", "password": staff_password})
    assert response.status_code == 403
    assert "页面已过期，请刷新后重试" in response.text
    assert "_auth_user_id" not in client.session


def test_a_login_post_with_the_csrf_token_from_the_form_succeeds(editor, staff_password):
    client = Client(enforce_csrf_checks=True)
    form = client.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = client.post(
        LOGIN, {"username": "wangbianji", "password": staff_password, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        reverse("core:staff_organisation"),
        reverse("core:logout"),
        reverse("core:elder_mode"),
        "/i18n/setlang/",
    ],
)
def test_state_changing_posts_need_the_csrf_token(administrator, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    assert client.post(url, {"language": "en", "name": "改名"}).status_code == 403


# --- language ---------------------------------------------------------------------------------


def test_chinese_by_default_even_when_the_browser_asks_for_english():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-CN">' in response.text
    assert "政府信息公开" in response.text


def switch_to(client: Client, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": "/xxgk/"})


def test_the_language_switch_selects_english_and_back():
    client = Client()
    response = switch_to(client, "en")
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get("/")
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.text

    switch_to(client, "zh-hans")
    assert client.get("/")["Content-Language"] == "zh-hans"


def test_an_unknown_language_cookie_falls_back_to_chinese():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/")["Content-Language"] == "zh-hans"


ENGLISH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"


@pytest.mark.skipif(not ENGLISH_CATALOGUE.exists(), reason="no compiled English translations (django.mo)")
def test_after_switching_to_english_the_pages_are_in_english():
    with translation.override("en"):
        english = gettext("政府信息公开")
        staff_login = gettext("工作人员登录")
    assert english != "政府信息公开", "the English catalogue does not translate the column name"
    client = Client()
    switch_to(client, "en")
    page = client.get("/")
    assert english in page.text
    assert staff_login in page.text
