"""Sign-in events go into the audit trail too (等保: 登录成功、失败和退出均应记录)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gongkai.audit.services import record


@receiver(user_logged_in, dispatch_uid="gongkai.audit.login")
def on_login(sender, request, user, **kwargs):
    record(actor=user, action="auth.login", target=user)


@receiver(user_logged_out, dispatch_uid="gongkai.audit.logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logout", target=user)


@receiver(user_login_failed, dispatch_uid="gongkai.audit.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(actor=None, action="auth.login_failed", target=("core.user", "", username))
