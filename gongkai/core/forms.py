from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organisation, Page
from gongkai.core.roles import Role


class ChineseCaptchaInput(CaptchaTextInput):
    """The image with a Chinese text alternative; no audio, no script (the CSP allows none)."""

    template_name = "core/widgets/captcha.html"


def captcha_field() -> CaptchaField:
    return CaptchaField(
        widget=ChineseCaptchaInput(),
        label=_("验证码"),
        help_text=_("请输入图片中的字符（不区分大小写）。"),
        error_messages={"invalid": _("验证码不正确，请重新输入。"), "required": _("请输入验证码。")},
    )


class LoginForm(AuthenticationForm):
    """The password is checked only after the CAPTCHA (when one is due) passed, so a wrong
    CAPTCHA never costs the account a failure nor tells whether the password was right."""

    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错5次，账号将被锁定15分钟。"),
        "inactive": _("该账号已停用。"),
    }

    def __init__(self, request=None, *args, with_captcha: bool = False, **kwargs):
        super().__init__(request, *args, **kwargs)
        if with_captcha:
            self.add_captcha()

    def add_captcha(self) -> None:
        self.fields["captcha"] = captcha_field()

    def clean(self):
        if "captcha" in self.fields and "captcha" not in self.cleaned_data:
            return self.cleaned_data
        return super().clean()


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位，包含大写字母、小写字母、数字、符号中的至少3类，且不得与用户名相似。"),
    )
    new_password2 = forms.CharField(
        label=_("确认新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


ROLE_CHOICES = Role.choices


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=50,
        regex=r"^[A-Za-z0-9_.-]{3,50}$",
        error_messages={"invalid": _("用户名为3至50位字母、数字或 _ . -")},
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    department = forms.CharField(label=_("处室"), max_length=100, required=False)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("角色"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("用户首次登录时必须修改。"),
    )


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    department = forms.CharField(label=_("处室"), max_length=100, required=False)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("角色"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    is_active = forms.BooleanField(label=_("启用"), required=False)


def limit_account_form(form: forms.Form, user) -> forms.Form:
    """三员分立: the roles field only for the security administrator (core.assign_roles), the
    account's details only for the system administrator (core.change_user / core.add_user)."""
    if not user.has_perm("core.assign_roles"):
        form.fields.pop("roles", None)
    if not (user.has_perm("core.change_user") or user.has_perm("core.add_user")):
        for name in list(form.fields):
            if name != "roles":
                form.fields.pop(name)
    return form


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(
        label=_("临时密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("用户下次登录时必须修改。"),
    )


def _https_urls(field, **kwargs):
    """Links typed without a scheme are https (Django 6's default; silences its warning)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    formfield_callback = _https_urls

    class Meta:
        model = Organisation
        fields = [
            name
            for name in (f.name for f in Organisation._meta.concrete_fields)
            if name not in {"id", "updated_at"}
        ]


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
        help_texts = {"body": _("可使用HTML段落、标题、列表、表格和链接；脚本和样式会被自动清除。")}


# --- public forms: input hints -----------------------------------------------------------------

# What a browser and a phone keyboard need to know about a field, keyed by the field's role.
INPUT_HINTS: dict[str, dict[str, str]] = {
    "tel": {"inputmode": "tel", "autocomplete": "tel"},
    "email": {"autocomplete": "email", "spellcheck": "false", "autocapitalize": "off"},
    "name": {"autocomplete": "name"},
    "organisation": {"autocomplete": "organization"},
    "address": {"autocomplete": "street-address"},
    "postcode": {"inputmode": "numeric", "autocomplete": "postal-code"},
    # Identity numbers and codes: never offered from another site's autofill, no spelling fixes.
    "id": {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    "code": {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"},
    # Phone number or e-mail address in one box: the full keyboard, no autofill guess.
    "contact": {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"},
}


def apply_input_hints(form: forms.BaseForm, roles: dict[str, str]) -> None:
    """Give the named fields of a public form the inputmode/autocomplete attributes of their role
    (INPUT_HINTS); e-mail fields also become type="email". Widgets are per form instance, so this
    changes only this form."""
    for name, role in roles.items():
        form_field = form.fields.get(name)
        if form_field is None:
            continue
        widget = form_field.widget
        widget.attrs.update(INPUT_HINTS[role])
        if role == "email" and isinstance(widget, forms.TextInput):
            widget.input_type = "email"
