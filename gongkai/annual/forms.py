from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.annual import format as fmt
from gongkai.annual import narrative


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class SectionsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in zip(narrative.SECTION_KEYS, fmt.SECTION_TITLES, strict=True):
            self.fields[key] = forms.CharField(
                label=title,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 8 if key == "一" else 4}),
                help_text=_("每段一行。") if key == "一" else "",
            )


class FeesForm(forms.Form):
    amount = forms.DecimalField(
        label=_("本年收费金额（万元）"), min_value=0, max_digits=12, decimal_places=4,
        help_text=_("第二十条第（八）项 行政事业性收费。信息处理费不在此填报，在第六部分报告。"),
    )  # fmt: skip
    items = forms.CharField(
        label=_("收费项目及其依据、标准"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
