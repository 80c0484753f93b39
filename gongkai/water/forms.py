from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MONTH_FORMAT = "%Y-%m"


class MonthField(forms.Field):
    """A month typed as YYYY-MM (NFKC digits), cleaned to its first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("格式：YYYY-MM，例如 2026-10"))
        super().__init__(**kwargs)

    def to_python(self, value):
        import unicodedata

        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        if not text:
            return None
        if len(text) > 7:
            raise forms.ValidationError(_("月份“%(text)s”无效，应为 YYYY-MM。"), params={"text": text[:20]})
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                _("月份“%(text)s”无效，应为 YYYY-MM。"), params={"text": text}
            ) from None


class MonthlyUploadForm(forms.Form):
    month = MonthField(label=_("月份"))
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_(
            "CSV（UTF-8 或 GB 18030），首行为列名：section（断面编码），其后为项目列，"
            "用代码（ph, do, codmn, nh3_n, tp …）或中文名称（pH值、溶解氧、总磷 …）；"
            "低于检出限写作“<0.01”或“0.01L”。可选列“取水量”（万立方米，不小于0，至多两位小数）："
            "代表集中式饮用水水源地的断面填写该水源地当月取水量，用于取水量达标率。"
            "整个文件有任何一行错误即全部不导入。"
        ),
    )
    reason = forms.CharField(
        label=_("更正原因"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("修改已发布的结果时必填，将随更正记录公开。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不得超过 5 MB。"))
        return upload

    def clean_reason(self):
        import unicodedata

        text = unicodedata.normalize("NFKC", self.cleaned_data.get("reason") or "")
        if any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\r\t" for c in text):
            raise forms.ValidationError(_("更正原因含有不允许的控制字符。"))
        return text.strip()


class PublishForm(forms.Form):
    month = MonthField(label=_("月份"))
