from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    notice = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        required=False,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    days = forms.CharField(
        label=_("放假和调休上班日期"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        required=False,
        help_text=_(
            "每行一个日期：“2027-01-01 放假 元旦”或“2027-02-06 上班 春节”。"
            "未列出的周一至周五为工作日，周六、周日为休息日。"
        ),
    )


class CalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("起算日"), initial=date.today, widget=forms.DateInput(attrs={"type": "date"})
    )
    workdays = forms.IntegerField(label=_("工作日数"), initial=20, min_value=-400, max_value=400)
