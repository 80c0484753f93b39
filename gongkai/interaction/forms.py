"""Forms of 互动交流. Every public text field is NFKC-normalised and trimmed as it is read; control, bidi
and zero-width characters are refused with a Chinese message on the field (line breaks in long texts
are kept)."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import apply_input_hints, captcha_field
from gongkai.interaction import conf, guard
from gongkai.interaction.models import (
    Adoption,
    Consultation,
    Kind,
    OpinionItem,
    PollutionKind,
    PressEvent,
    Publication,
    Rating,
)

MOBILE_OR_LANDLINE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


def normalise(value: str, *, multiline: bool = False) -> str:
    value = unicodedata.normalize("NFKC", value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    allowed = {"\n", "\t"} if multiline else set()
    if any(unicodedata.category(c) in {"Cc", "Cf"} and c not in allowed for c in value):
        raise forms.ValidationError(_("含有不可见的控制字符，请删除后重新输入。"), code="control")
    return value


class NormalisedForm(forms.Form):
    """Reads every CharField through `normalise` before its validators and clean_<field> run."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField) and not isinstance(
                form_field.widget, forms.HiddenInput
            ):
                multiline = isinstance(form_field.widget, forms.Textarea)
                read = form_field.to_python
                form_field.to_python = lambda value, read=read, m=multiline: normalise(
                    read(value), multiline=m
                )


class GuardedForm(NormalisedForm):
    """The spam guard of the public forms: a field people never see, a signed single-use token, a CAPTCHA."""

    website = forms.CharField(label=_("网址（请勿填写）"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, with_captcha: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = guard.form_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if with_captcha:
            self.fields["captcha"] = captcha_field()

    def spam_reason(self) -> str | None:
        return guard.spam_reason(token=self.data.get("form_token", ""), honeypot=self.data.get("website", ""))

    def nonce(self) -> str | None:
        return guard.nonce_of(self.data.get("form_token", ""))

    def fresh_token(self) -> None:
        data = self.data.copy()
        data["form_token"] = guard.form_token()
        self.data = data


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": ".jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _required(message) -> dict:
    return {"required": message}


class MessageForm(GuardedForm):
    kind = forms.ChoiceField(
        label=_("留言类别"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择留言类别。")),
    )
    title = forms.CharField(
        label=_("标题"),
        min_length=4,
        max_length=100,
        error_messages={
            "required": _("请填写标题。"),
            "min_length": _("标题至少4个字。"),
            "max_length": _("标题不能超过100个字。"),
        },
    )
    body = forms.CharField(
        label=_("内容"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("请填写内容。"),
            "min_length": _("内容至少10个字。"),
            "max_length": _("内容不能超过3000个字。"),
        },
    )
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=_required(_("请填写姓名。")))
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("手机号码或带区号的固定电话。"),
        error_messages=_required(_("请填写联系电话。")),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        help_text=_("填写后，登记号、查询码和答复将发送到该邮箱。"),
        error_messages={"invalid": _("电子邮箱格式不正确。")},
    )
    # 环境污染举报
    pollution_kind = forms.ChoiceField(
        label=_("污染类型"), choices=[("", _("请选择")), *PollutionKind.choices], required=False
    )
    district = forms.ChoiceField(label=_("所在区县"), required=False)
    location = forms.CharField(
        label=_("具体地点"),
        max_length=200,
        required=False,
        help_text=_("街道、路名、门牌或附近的标志性建筑。"),
    )
    latitude = forms.DecimalField(
        label=_("纬度"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("经度"), required=False, min_value=-180, max_value=180, decimal_places=6
    )
    occurred_at = forms.DateTimeField(
        label=_("发现时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("时间格式应为YYYY-MM-DD HH:MM。")},
    )
    photos = PhotoField(label=_("现场照片"), required=False)
    consent_publish = forms.BooleanField(
        label=_("同意在网站公开本留言及答复（个人信息将被隐去）"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_hints(self, {"name": "name", "phone": "tel", "email": "email"})
        self.fields["district"].choices = [("", _("请选择")), *((d, d) for d in conf.districts())]
        self.fields["photos"].help_text = _("仅限JPG、PNG格式，最多%(n)d张，每张不超过%(mb)dMB。") % {
            "n": conf.photo_max_count(),
            "mb": conf.photo_max_bytes() // 1024 // 1024,
        }

    def clean_phone(self):
        phone = re.sub(r"[\s（）()]", "", self.cleaned_data["phone"]).replace("—", "-")
        if not MOBILE_OR_LANDLINE.match(phone):
            raise forms.ValidationError(_("联系电话格式不正确：请填写11位手机号码或带区号的固定电话。"))
        return phone

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("发现时间不能晚于现在。"))
        return value

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) > conf.photo_max_count():
            raise forms.ValidationError(_("最多上传%(n)d张照片。") % {"n": conf.photo_max_count()})
        for upload in uploads:
            if upload.size > conf.photo_max_bytes():
                raise forms.ValidationError(
                    _("照片“%(name)s”超过%(mb)dMB。")
                    % {"name": upload.name, "mb": conf.photo_max_bytes() // 1024 // 1024}
                )
            upload.seek(0)
            head = upload.read(8)
            upload.seek(0)
            if head.startswith(JPEG):
                upload.sniffed_type = "image/jpeg"
            elif head.startswith(PNG):
                upload.sniffed_type = "image/png"
            else:
                raise forms.ValidationError(
                    _("照片“%(name)s”不是JPG或PNG图片（按文件内容判断）。") % {"name": upload.name}
                )
        return uploads

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.REPORT:
            self._check_point(data)  # first: a point on the map gives the district
            if not data.get("pollution_kind"):
                self.add_error("pollution_kind", _("请选择污染类型。"))
            if not data.get("district"):
                self.add_error("district", _("请选择所在区县。"))
            if not data.get("location"):
                self.add_error("location", _("请填写污染发生的具体地点。"))
        return data

    def _check_point(self, data) -> None:
        """A point picked on the map (or typed): both coordinates, inside the district map when one is
        uploaded; the district is then the one the point lies in."""
        from gongkai.interaction import geo
        from gongkai.interaction.models import DistrictMap

        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is None and lon is None:
            return
        if lat is None or lon is None:
            self.add_error("latitude", _("请同时填写经度和纬度，或在地图上点选位置。"))
            return
        district_map = DistrictMap.current()
        if district_map is None:
            return
        found = geo.locate(district_map.geojson, float(lon), float(lat))
        if found is None:
            self.add_error("longitude", _("所选位置不在本局辖区内，请在地图上重新点选。"))
        elif data.get("district") and data["district"] != found:
            self.add_error(
                "district",
                _("地图上所选位置属于%(found)s，与所选区县不一致。") % {"found": found},
            )
        else:
            data["district"] = found


class LookupForm(NormalisedForm):
    number = forms.CharField(label=_("登记号"), max_length=20, error_messages=_required(_("请填写登记号。")))
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages=_required(_("请填写查询码。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_hints(self, {"number": "code", "query_code": "code"})


class RatingForm(LookupForm):
    rating = forms.TypedChoiceField(
        label=_("满意度"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择满意度。")),
    )
    comment = forms.CharField(label=_("评价意见"), max_length=200, required=False)


class CommentForm(GuardedForm):
    body = forms.CharField(
        label=_("意见建议"),
        min_length=5,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请填写意见建议。"),
            "min_length": _("意见建议至少5个字。"),
            "max_length": _("意见建议不能超过3000个字。"),
        },
    )
    name = forms.CharField(label=_("姓名（选填）"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系方式（选填）"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_hints(self, {"name": "name", "contact": "contact"})


# --- staff ------------------------------------------------------------------------------------


class ModerateForm(NormalisedForm):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("受理")), ("reject", _("不予受理"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("不予受理原因"), max_length=200, required=False)


def staff_with(permission: str):
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    app_label, codename = permission.split(".")
    return users.filter(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
    ).distinct()


class AssignForm(NormalisedForm):
    department = forms.CharField(label=_("承办处室"), max_length=100, required=False)
    handler = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=get_user_model().objects.none(),
        error_messages=_required(_("请选择承办人。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff_with("interaction.reply_message")
        self.fields["handler"].label_from_instance = lambda u: (
            gettext("%(name)s（%(department)s）")
            % {
                "name": u.full_name or u.username,
                "department": u.department or "—",
            }
        )


class ReplyForm(NormalisedForm):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    publish = forms.BooleanField(
        label=_("留言人同意公开的，答复后在网上公开（个人信息自动隐去）"), required=False, initial=True
    )


class PublishForm(NormalisedForm):
    public_title = forms.CharField(label=_("公开标题"), max_length=100, required=False)
    public_body = forms.CharField(
        label=_("公开内容"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    public_reply = forms.CharField(
        label=_("公开答复"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class TransferForm(NormalisedForm):
    officer = forms.ModelChoiceField(
        label=_("执法人员"),
        queryset=get_user_model().objects.none(),
        error_messages=_required(_("请选择执法人员。")),
    )
    note = forms.CharField(label=_("移交说明"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = staff_with("interaction.change_caselead")


class LeadForm(NormalisedForm):
    outcome = forms.CharField(
        label=_("处理结果"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _https_urls(field, **kwargs):
    from django.db import models

    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class NormalisedModelForm(forms.ModelForm):
    formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField) and not isinstance(form_field, forms.URLField):
                multiline = isinstance(form_field.widget, forms.Textarea)
                read = form_field.to_python
                form_field.to_python = lambda value, read=read, m=multiline: normalise(
                    read(value), multiline=m
                )
            if isinstance(form_field, forms.DateTimeField):
                form_field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ConsultationForm(NormalisedModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "summary", "draft_text", "department", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "draft_text": forms.Textarea(attrs={"rows": 12}),
        }


class AdoptionForm(NormalisedForm):
    adoption = forms.ChoiceField(label=_("采纳情况"), choices=Adoption.choices)
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackForm(NormalisedForm):
    summary = forms.CharField(label=_("意见采纳情况说明"), widget=forms.Textarea(attrs={"rows": 6}))


class PressEventForm(NormalisedModelForm):
    class Meta:
        model = PressEvent
        fields = [
            "format",
            "title",
            "scheduled_at",
            "place",
            "speakers",
            "topics",
            "transcript",
            "materials",
            "video_url",
            "state",
            "opinions",
        ]
        widgets = {"scheduled_at": DateTimeInput(), "opinions": forms.CheckboxSelectMultiple}


class OpinionForm(NormalisedModelForm):
    class Meta:
        model = OpinionItem
        fields = [
            "topic",
            "source",
            "source_url",
            "level",
            "first_seen_at",
            "assessment",
            "response",
            "responded_at",
            "response_url",
        ]
        widgets = {"first_seen_at": DateTimeInput(), "responded_at": DateTimeInput()}


class PublicationForm(NormalisedModelForm):
    class Meta:
        model = Publication
        fields = ["source", "title", "summary", "body_html", "link", "images"]
        widgets = {
            "body_html": forms.Textarea(attrs={"rows": 12}),
            "images": forms.Textarea(attrs={"rows": 3}),
        }


class DistrictMapForm(forms.Form):
    file = forms.FileField(
        label=_("区县边界（GeoJSON）"),
        help_text=_(
            "FeatureCollection，每个区县一个Polygon或MultiPolygon要素，properties.name为区县名称，"
            "坐标为[经度, 纬度]；不超过5MB。"
        ),
    )
