from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称（使用该令牌的系统）"), max_length=80)
    importer = forms.ChoiceField(label=_("用途"))
    expires_on = forms.DateField(
        label=_("有效期至（含当日，可不填）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["importer"].choices = [(scope.key, scope.label) for scope in scopes]
        if len(scopes) == 1:
            self.fields["importer"].initial = scopes[0].key
