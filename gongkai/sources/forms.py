import re
import unicodedata

from django import forms
from django.utils.text import format_lazy
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
    enterprise_code = forms.CharField(
        label=_("排污单位统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_("设备所在排放口属于哪家排污单位；与排放口编号一并填写，或都不填。"),
    )
    outlet_code = forms.CharField(label=_("排放口编号"), max_length=20, required=False)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system_code"].choices = [
            ("", "—"),
            *((code, format_lazy("{} {}", code, _(name))) for code, name in SYSTEM_CODES.items()),
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

    def clean_enterprise_code(self):
        return _clean_text(self.cleaned_data["enterprise_code"]).upper()

    def clean_outlet_code(self):
        return _clean_text(self.cleaned_data["outlet_code"]).upper()

    def clean(self):
        """``outlet``: the registry's outlet the two codes name, or None when both are empty."""
        from gongkai.sources.models import Outlet

        data = super().clean()
        code, outlet_code = data.get("enterprise_code", ""), data.get("outlet_code", "")
        data["outlet"] = None
        if not code and not outlet_code:
            return data
        if not code or not outlet_code:
            self.add_error(
                "outlet_code" if code else "enterprise_code", _("请同时填写单位代码和排放口编号。")
            )
            return data
        outlet = Outlet.objects.filter(enterprise__credit_code=code, code=outlet_code).first()
        if outlet is None:
            self.add_error("outlet_code", _("该单位没有这个排放口，请先在基础数据中登记排放口。"))
        data["outlet"] = outlet
        return data


# --- issue 15: the pollution-source registry ---------------------------------------------------------


def _plain(value: str) -> str:
    """NFKC, trimmed; control, bidi and zero-width characters refused (as reference data)."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if any(unicodedata.category(char) in {"Cc", "Cf"} for char in value):
        raise forms.ValidationError(_("含有不可见的控制字符，请删除后重新输入。"))
    return value


class PlainForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                read = form_field.to_python
                form_field.to_python = lambda value, read=read: _plain(read(value))


class EnterpriseForm(PlainForm):
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    name = forms.CharField(label=_("单位名称"), max_length=200)
    address = forms.CharField(label=_("生产经营场所地址"), max_length=300, required=False)
    district_code = forms.CharField(label=_("行政区划代码"), max_length=12, required=False)
    district_name = forms.CharField(label=_("所在区县"), max_length=50, required=False)
    industry_code = forms.CharField(
        label=_("行业类别代码"),
        max_length=10,
        required=False,
        help_text=_("GB/T 4754-2017 国民经济行业分类代码，如 C2611。"),
    )
    industry_name = forms.CharField(label=_("行业类别"), max_length=100, required=False)
    longitude = forms.DecimalField(
        label=_("经度"), max_digits=9, decimal_places=6, min_value=73, max_value=136, required=False
    )
    latitude = forms.DecimalField(
        label=_("纬度"), max_digits=8, decimal_places=6, min_value=3, max_value=54, required=False
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)

    def clean_credit_code(self):
        from gongkai.sources.services import credit_code_message, normalise_credit_code

        value = normalise_credit_code(self.cleaned_data["credit_code"])
        message = credit_code_message(value)
        if message:
            raise forms.ValidationError(message)
        return value

    def clean_industry_code(self):
        value = self.cleaned_data["industry_code"].upper()
        if value and not re.fullmatch(r"[A-T](\d{2}(\d{1,2})?)?", value):
            raise forms.ValidationError(
                _("行业类别代码应为门类字母加2至4位数字（GB/T 4754-2017），如 C2611。")
            )
        return value


class RenameForm(PlainForm):
    new_name = forms.CharField(label=_("新名称"), max_length=200)
    date = forms.DateField(label=_("变更日期"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class MergeForm(PlainForm):
    into = forms.CharField(label=_("存续单位统一社会信用代码"), max_length=30)
    date = forms.DateField(label=_("合并日期"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class PermitStatusForm(PlainForm):
    status = forms.ChoiceField(label=_("新状态"))
    date = forms.DateField(label=_("日期"))
    reason = forms.CharField(label=_("原因"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from gongkai.sources.models import Permit

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Permit.Status.choices


class RegistryUploadForm(forms.Form):
    file = forms.FileField(label=_("数据文件"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class ResultForm(PlainForm):
    """One monitoring result typed in (a single 监督性监测 report, a correction)."""

    enterprise_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    outlet_code = forms.CharField(label=_("排放口编号"), max_length=20)
    source = forms.ChoiceField(label=_("监测类型"))
    sampled_on = forms.DateField(label=_("监测日期"))
    pollutant = forms.CharField(label=_("污染物"), max_length=50)
    statistic = forms.ChoiceField(label=_("统计口径"))
    value = forms.DecimalField(label=_("监测值"), max_digits=14, decimal_places=4, min_value=0)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False)
    note = forms.CharField(
        label=_("备注"), max_length=300, required=False, help_text=_("公开显示，个人信息会被遮盖。")
    )

    def __init__(self, *args, **kwargs):
        from gongkai.sources.models import MonitoringResult, Statistic

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = MonitoringResult.Source.choices
        self.fields["statistic"].choices = Statistic.choices

    def clean(self):
        from gongkai.sources.models import Outlet

        data = super().clean()
        code = (data.get("enterprise_code") or "").upper()
        outlet_code = (data.get("outlet_code") or "").upper()
        if code and outlet_code:
            data["outlet"] = Outlet.objects.filter(enterprise__credit_code=code, code=outlet_code).first()
            if data["outlet"] is None:
                self.add_error("outlet_code", _("该单位没有这个排放口，请先在基础数据中登记排放口。"))
        return data


class ValidityAuditForm(PlainForm):
    """One quarter's 自动监控设备有效性审核 result typed in (per enterprise, or per outlet)."""

    enterprise_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    outlet_code = forms.CharField(
        label=_("排放口编号"), max_length=20, required=False, help_text=_("按排放口审核时填写。")
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(q, str(q)) for q in (1, 2, 3, 4)])
    result = forms.ChoiceField(label=_("审核结论"))
    note = forms.CharField(
        label=_("说明"), max_length=300, required=False, help_text=_("公开显示，个人信息会被遮盖。")
    )

    def __init__(self, *args, **kwargs):
        from gongkai.sources.models import ValidityAudit

        super().__init__(*args, **kwargs)
        self.fields["result"].choices = ValidityAudit.Result.choices

    def clean(self):
        from gongkai.sources.models import Enterprise

        data = super().clean()
        code = (data.get("enterprise_code") or "").upper()
        data["enterprise"], data["outlet"] = None, None
        if not code:
            return data
        data["enterprise"] = Enterprise.objects.filter(credit_code=code).first()
        if data["enterprise"] is None:
            self.add_error("enterprise_code", _("单位未登记。"))
            return data
        outlet_code = (data.get("outlet_code") or "").upper()
        if outlet_code:
            data["outlet"] = data["enterprise"].outlets.filter(code=outlet_code).first()
            if data["outlet"] is None:
                self.add_error("outlet_code", _("该单位没有这个排放口，请先在基础数据中登记排放口。"))
        return data
