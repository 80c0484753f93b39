import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.sources.hj212.tables import SYSTEM_CODES

_MN = re.compile(r"[0-9A-Za-z_.\-]{1,24}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff;=,&]")


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "").strip()
    if _UNSAFE.search(value):
        raise forms.ValidationError(_("不得包含控制字符、不可见字符或 ; = , & 符号。"))
    return value


class DeviceForm(forms.Form):
    mn = forms.CharField(label=_("设备唯一标识（MN）"), max_length=24)
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    system_code = forms.ChoiceField(label=_("系统编码（ST）"), required=False)
    password = forms.CharField(
        label=_("访问密码（PW）"),
        max_length=64,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("只保存摘要；修改设备时留空表示不变。"),
    )
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200, required=False)
    outlet_code = forms.CharField(label=_("排放口编号"), max_length=50, required=False)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system_code"].choices = [
            ("", "—"),
            *((code, f"{code} {name}") for code, name in SYSTEM_CODES.items()),
        ]

    def clean_mn(self):
        value = _clean_text(self.cleaned_data["mn"])
        if not _MN.fullmatch(value):
            raise forms.ValidationError(_("MN应为1至24位字母、数字（HJ 212-2017 表3）。"))
        return value

    def clean_name(self):
        return _clean_text(self.cleaned_data["name"])

    def clean_password(self):
        return _clean_text(self.cleaned_data["password"])

    def clean_enterprise_name(self):
        return _clean_text(self.cleaned_data["enterprise_name"])

    def clean_outlet_code(self):
        return _clean_text(self.cleaned_data["outlet_code"])
