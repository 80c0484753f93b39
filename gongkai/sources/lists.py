"""Sources lists declared once for the table, the CSV/XLSX export and the API twin
(``GET /api/v1/lists/hj212-packets``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, register
from gongkai.sources.models import RawPacket


def _packets(request, params):
    return RawPacket.objects.all()


def _time(value):
    return value.isoformat() if value else ""


PACKETS = register(
    DeclaredList(
        name="hj212-packets",
        source=_packets,
        columns=(
            Column("received_at", _("接收时间"), export=_time, api=_time),
            Column("peer", _("来源地址")),
            Column("mn", "MN"),
            Column("st", "ST"),
            Column("cn", "CN"),
            Column("qn", "QN"),
            Column("data_time", _("数据时间"), export=_time, api=_time),
            Column("status", _("状态"), "get_status_display"),
            Column("reason", _("拒收原因")),
            Column("version", _("标准版本")),
            Column("unknown_codes", _("未识别编码")),
            Column("raw", _("原始报文"), html=lambda raw: raw[:120]),
        ),
        html_columns=("received_at", "peer", "mn", "cn", "data_time", "status", "reason", "raw"),
        filters=(
            Filter("status", _("状态"), choices=RawPacket.Status.choices, lookup="status"),
            Filter("mn", "MN", kind="text", lookup="mn"),
            Filter("q", _("关键词"), kind="search", search=("mn", "reason", "peer")),
        ),
        permission="sources.view_rawpacket",
        per_page=50,
        filename="hj212-packets",
        empty=_("无数据。"),
        caption=_("接收报文"),
    )
)
