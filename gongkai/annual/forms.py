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
