from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
