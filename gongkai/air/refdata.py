"""Air reference data in the staff console (core.refdata): the city and its districts, and the
monitoring stations (监测站点), created and edited by administrators with validation and audit."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.air.models import Region, Station
from gongkai.core.models import validate_region_code
from gongkai.core.refdata import RefData, RefDataForm

# The extent of China's territory (东经73°33′–135°05′, 北纬3°51′–53°33′), rounded outwards. A
# station outside it has its coordinates swapped or mistyped (the usual slip: latitude in the
# longitude field). Coordinates are decimal degrees as the station's survey gives them.
LONGITUDE_RANGE = (Decimal("73.5"), Decimal("135.1"))
LATITUDE_RANGE = (Decimal("3.8"), Decimal("53.6"))


class RegionForm(RefDataForm):
    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent"]
        error_messages = {"code": {"unique": _("该区划代码已被使用。")}}
        help_texts = {"code": _("6位行政区划代码（GB/T 2260）。"), "parent": _("区县填写所属的市；市不填。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Region.objects.filter(kind=Region.Kind.CITY)
        self.fields["parent"].label = _("所属的市")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        validate_region_code(code)
        return code

    def clean(self):
        data = super().clean()
        kind, parent = data.get("kind"), data.get("parent")
        if kind == Region.Kind.DISTRICT and parent is None:
            self.add_error("parent", _("区县须选择所属的市。"))
        if kind == Region.Kind.CITY and parent is not None:
            self.add_error("parent", _("市不属于其他区域，请清空“所属的市”。"))
        if self.instance.pk and kind == Region.Kind.DISTRICT and self.instance.children.exists():
            self.add_error("kind", _("该市下还有区县，不能改为区县。"))
        if self.instance.pk and kind == Region.Kind.CITY and self.instance.stations.exists():
            self.add_error("kind", _("该区县下有监测站点，不能改为市。"))
        return data


class StationForm(RefDataForm):
    class Meta:
        model = Station
        fields = [
            "code",
            "name",
            "control_level",
            "district",
            "longitude",
            "latitude",
            "active_from",
            "active_to",
        ]
        error_messages = {"code": {"unique": _("该站点编码已被使用。")}}
        help_texts = {
            "code": _("国家或省级监测网的站点编码，导入数据时按它识别站点。"),
            "longitude": _("东经，十进制度，如 116.407526。"),
            "latitude": _("北纬，十进制度，如 39.904030。"),
            "active_to": _("站点撤销或搬迁时填写；此后的数据不再接收。"),
        }
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.filter(kind=Region.Kind.DISTRICT)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code.isascii() or not code.replace("-", "").isalnum():
            raise forms.ValidationError(_("站点编码只能由字母、数字和“-”组成。"))
        return code

    def clean_longitude(self) -> Decimal:
        return _in_range(
            self.cleaned_data["longitude"], LONGITUDE_RANGE, _("经度应在东经%(low)s°至%(high)s°之间。")
        )

    def clean_latitude(self) -> Decimal:
        return _in_range(
            self.cleaned_data["latitude"], LATITUDE_RANGE, _("纬度应在北纬%(low)s°至%(high)s°之间。")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("停用日期不能早于启用日期。"))
        return data


def _in_range(value: Decimal | None, bounds: tuple[Decimal, Decimal], message) -> Decimal | None:
    low, high = bounds
    if value is not None and not low <= value <= high:
        raise forms.ValidationError(message, params={"low": low, "high": high})
    return value


REGIONS = RefData(
    key="air-regions",
    model=Region,
    form=RegionForm,
    title=_("空气质量区域"),
    columns=("code", "name", "kind", "parent"),
    search=("code", "name"),
    action="air.region",
    order=10,
    help=_("市和区县：区域的数值是其站点数值的平均。"),
)
STATIONS = RefData(
    key="air-stations",
    model=Station,
    form=StationForm,
    title=_("空气质量监测站点"),
    columns=(
        "code",
        "name",
        "control_level",
        "district",
        "longitude",
        "latitude",
        "active_from",
        "active_to",
    ),
    search=("code", "name"),
    action="air.station",
    order=11,
    help=_("站点编码是数据导入和接口上报识别站点的依据；站点停用后填写停用日期，不删除。"),
)
