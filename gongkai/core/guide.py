"""The 政府信息公开指南 generated from the organisation settings (条例 Art. 12: the classification and
arrangement of the information, how to obtain it, and the disclosure office's name, address, hours,
phone, fax, e-mail and postcode), so the page cannot drift from the settings. Apps add what only
they know — the online application form — with `register_channel(GuideChannel(...))` in
`AppConfig.ready`; the offline channels follow from the organisation's own fields."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class GuideChannel:
    """An application channel the site offers through an app (网上申请)."""

    label: str | Promise
    url_name: str
    description: str | Promise = ""
    order: int = 0


_channels: list[GuideChannel] = []


def register_channel(channel: GuideChannel) -> None:
    if channel not in _channels:
        _channels.append(channel)


def online_channels() -> list[GuideChannel]:
    return sorted(_channels, key=lambda channel: channel.order)


def office(organisation) -> list[tuple[str, str]]:
    """The disclosure office's particulars, each falling back to the bureau's own (label, value);
    only the filled-in ones."""
    rows = [
        (_("名称"), organisation.disclosure_office or organisation.name),
        (_("办公地址"), organisation.disclosure_address or organisation.address),
        (_("邮政编码"), organisation.postcode),
        (_("办公时间"), organisation.office_hours),
        (_("联系电话"), organisation.disclosure_phone or organisation.phone),
        (_("传真"), organisation.fax),
        (_("电子邮箱"), organisation.disclosure_email or organisation.email),
    ]
    return [(label, value) for label, value in rows if value]


def offline_channels(organisation) -> list[tuple[str, str]]:
    """条例 Art. 29: applications in writing — in person, by post, by fax, by e-mail — as far as the
    settings give the address, fax number or e-mail address they need."""
    address = organisation.disclosure_address or organisation.address
    office_name = organisation.disclosure_office or organisation.name
    email = organisation.disclosure_email or organisation.email
    channels = []
    if address:
        hours = organisation.office_hours
        channels.append(
            (
                _("当面提交"),
                _("到%(address)s当面提交书面申请%(hours)s。")
                % {"address": address, "hours": _("（%(h)s）") % {"h": hours} if hours else ""},
            )
        )
        postcode = _("，邮政编码%(p)s") % {"p": organisation.postcode} if organisation.postcode else ""
        channels.append(
            (
                _("信函申请"),
                _("寄至%(address)s%(postcode)s，收件人%(office)s，请在信封上注明“政府信息公开申请”字样。")
                % {"address": address, "postcode": postcode, "office": office_name},
            )
        )
    if organisation.fax:
        channels.append(
            (_("传真申请"), _("传真至%(fax)s，并注明“政府信息公开申请”字样。") % {"fax": organisation.fax})
        )
    if email:
        channels.append(
            (_("电子邮件申请"), _("发送至%(email)s，邮件主题注明“政府信息公开申请”。") % {"email": email})
        )
    return channels
