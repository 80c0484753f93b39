from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.workcalendar.services import RangeKind


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
    # An <input type="date"> takes only YYYY-MM-DD: the localised format left the field empty.
    start = forms.DateField(
        label=_("起算日"),
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    workdays = forms.IntegerField(label=_("工作日数"), initial=20, min_value=-400, max_value=400)


class MarkRangeForm(forms.Form):
    """The year grid's form: a range of days (the script fills it from clicks on the grid; without
    the script it is typed) and what to mark it."""

    start = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("结束日期"),
        required=False,
        help_text=_("只标记一天时可留空。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label=_("标记为"),
        choices=[
            (RangeKind.HOLIDAY, _("放假")),
            (RangeKind.WORKDAY, _("调休上班（仅周六、周日）")),
            (RangeKind.CLEAR, _("恢复为普通日")),
        ],
        widget=forms.RadioSelect,
        initial=RangeKind.HOLIDAY,
    )
    name = forms.CharField(
        label=_("节日名称"), max_length=50, required=False, help_text=_("例如：春节。放假时必填。")
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["start"].widget.attrs.update(min=f"{year}-01-01", max=f"{year}-12-31")
        self.fields["end"].widget.attrs.update(min=f"{year}-01-01", max=f"{year}-12-31")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and start.year != self.year:
            self.add_error("start", _("日期必须属于%(y)d年。") % {"y": self.year})
        if start and not end:
            data["end"] = start
        elif end and end.year != self.year:
            self.add_error("end", _("日期必须属于%(y)d年。") % {"y": self.year})
        return data
