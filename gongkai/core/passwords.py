"""Password rules beyond Django's own (GB/T 22239-2019 level 3, 8.1.4.1 a: 口令具有复杂度要求并定期更换):
at least three character classes, not guessable from common words and keyboard patterns
(zxcvbn's pattern matcher), none of the last five passwords again."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn
from zxcvbn.matching import omnimatch

# Only the first characters are analysed: zxcvbn's matching grows quickly with length, and a
# password longer than this is not guessable by the patterns it knows.
ANALYSED_LENGTH = 64


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


def unpredictable_characters(password: str) -> int:
    """How many characters of the password no known pattern of three or more characters covers
    (dictionary words and common passwords, also in l33t spelling, keyboard walks such as
    1qaz / @WSX, sequences, repeats, dates): 1qaz@WSX3edc, Admin@123456 and P@ssw0rd2026 have none."""
    text = password[:ANALYSED_LENGTH]
    covered: set[int] = set()
    for match in omnimatch(text):
        if match["j"] - match["i"] + 1 >= 3:
            covered.update(range(match["i"], match["j"] + 1))
    return len(text) - len(covered)


class PatternValidator:
    """Rejects passwords built from common words and keyboard patterns (zxcvbn, the estimator
    Dropbox maintains, as packaged on PyPI): too few characters outside any known pattern, or a
    zxcvbn score below `min_score`."""

    def __init__(self, min_free_characters: int = 4, min_score: int = 3):
        self.min_free_characters = min_free_characters
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        inputs = [str(getattr(user, name, "") or "") for name in ("username", "full_name", "email")]
        result = zxcvbn(password[:ANALYSED_LENGTH], user_inputs=[value for value in inputs if value])
        if result["score"] < self.min_score or unpredictable_characters(password) < self.min_free_characters:
            raise ValidationError(
                _("密码由常见单词、键盘排列（如 1qaz@WSX）、连续数字或日期组成，容易被猜中，请换一个。"),
                code="password_predictable",
            )

    def get_help_text(self) -> str:
        return _("密码不得由常见单词、键盘排列、连续数字或日期组成。")


class HistoryValidator:
    """None of the last `keep` passwords may be chosen again; every change is remembered by the
    `password_changed` hook, which Django calls whenever a user with a new password is saved."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def _recent_hashes(self, user) -> list[str]:
        from gongkai.core.models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.keep]
        )
        return hashes

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = self._recent_hashes(user)
        current = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if current:
            hashes.append(current)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("新密码不得与最近%(n)d次使用过的密码相同。") % {"n": self.keep}, code="password_reused"
            )

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None or not user.password:
            return
        from gongkai.core.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return _("新密码不得与最近%(n)d次使用过的密码相同。") % {"n": self.keep}
