"""Password rules beyond Django's own (等保 level-3 habit: at least three character classes)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    classes = (
        any(char.islower() for char in password),
        any(char.isupper() for char in password),
        any(char.isdigit() for char in password),
        any(not char.isalnum() for char in password),
    )
    return sum(classes)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own, with a Chinese message: Django 5.2 changed the message's msgid and its
    zh_Hans catalogue still has the old one, so users would read it in English."""

    def get_error_message(self) -> str:
        return _("密码长度不得少于%(n)d位。") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("密码长度不得少于%(n)d位。") % {"n": self.min_length}


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的%(n)d类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须至少包含大写字母、小写字母、数字、符号中的%(n)d类。") % {"n": self.min_classes}


class NotOnlyUsernameValidator:
    """Rejects a password that contains the username (case-insensitive), which the similarity
    validator misses when the username is short and padded with digits."""

    def validate(self, password: str, user=None) -> None:
        username = getattr(user, "username", "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError(_("密码不得包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码不得包含用户名。")
