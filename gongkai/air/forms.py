from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.air.models import POLLUTANT_LABELS, POLLUTANTS, Flag

HOURLY_LABELS = {
    "so2": _("二氧化硫（µg/m³）"),
    "no2": _("二氧化氮（µg/m³）"),
    "co": _("一氧化碳（mg/m³）"),
    "o3": _("臭氧（µg/m³）"),
    "pm10": _("颗粒物PM₁₀（µg/m³）"),
    "pm2_5": _("细颗粒物PM₂.₅（µg/m³）"),
}

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_(
            "CSV（UTF-8 或 GBK）或 XLSX，首行为列名：station, time, so2, no2, co, o3, pm10, pm2_5，"
            "可选 so2_flag … pm2_5_flag（valid/invalid/calibration/missing/suspect）。"
            "时间为小时开始时刻（北京时间）；CO 单位 mg/m³，其余 µg/m³。整个文件有任何一行错误即全部不导入。"
        ),
    )

    reason = forms.CharField(
        label=_("修改说明"),
        required=False,
        max_length=500,
        help_text=_("文件修改已发布日报的日期的数据时填写：它随待发布的日报更正一并列出，供审核。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不得超过 100 MB。"))
        return upload


class HistoryForm(forms.Form):
    start = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    station = forms.ChoiceField(label=_("站点"), required=False)

    def __init__(self, *args, stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [("", _("全部站点")), *((s.code, s.name) for s in stations)]

    def clean(self):
        data = super().clean()
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - timedelta(days=30)
        if start > end:
            raise forms.ValidationError(_("起始日期不得晚于截止日期。"))
        if (end - start).days > 366:
            raise forms.ValidationError(_("查询跨度不超过一年。"))
        data["start"], data["end"] = start, end
        return data


class ObservationForm(forms.Form):
    """数据审核 of one station-hour: the six values and their 数据标记, with the reason for the change."""

    reason = forms.CharField(
        label=_("修改原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("必填，记入审计日志；修改已发布日报的日期时，列入待发布的日报更正。"),
    )

    def __init__(self, *args, observation, **kwargs):
        initial = {name: getattr(observation, name) for name in POLLUTANTS}
        initial |= {f"{name}_flag": getattr(observation, f"{name}_flag") for name in POLLUTANTS}
        super().__init__(*args, initial=initial, **kwargs)
        reason = self.fields.pop("reason")  # last, after the values
        for name in POLLUTANTS:
            self.fields[name] = forms.FloatField(label=HOURLY_LABELS[name], required=False, min_value=0)
            self.fields[f"{name}_flag"] = forms.ChoiceField(
                label=format_lazy(_("{pollutant} 数据标记"), pollutant=POLLUTANT_LABELS[name]),
                choices=Flag.choices,
            )
        self.fields["reason"] = reason

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("更正原因（公开）"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("与更正时间、更正前后的数值一并在日报页面公开。"),
    )
