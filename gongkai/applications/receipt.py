"""When an application counts as received (收到申请之日), per channel: 条例 Art. 31.

Pure: no Django, no I/O, no clock inside (`today` is passed in).

Rules (regulations.md §1.2):
- 当面提交 (IN_PERSON): the day it is submitted [C].
- 邮寄, signed-for mail (POST_SIGNED: 挂号信、快递): the day the agency signs for it (签收之日) [C].
- 邮寄, ordinary letter needing no signature (POST_ORDINARY: 平常信函): the disclosure office confirms with
  the applicant on the day it receives the letter; the confirmation date is the receipt date [L].
- 互联网渠道 (ONLINE: the public form and the API) and the disclosure office's 传真 (FAX): the date both sides
  confirm (以双方确认之日为收到申请之日) [L].
- 电子邮件 (EMAIL) [L]: the 2019 wording groups e-mail with the other 互联网渠道, so the date both sides
  confirm; the earlier interpretation (国办公开办函〔2015〕207号) took the day the mail system received it.
  `EMAIL_RULE` says which one applies; the default follows the 2019 wording.

A receipt date is never in the future, and never before the day the application physically arrived
(`arrived_on`: the day it was handed over, signed for, delivered or submitted online)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.core.labelled import LabelledStrEnum, gettext_noop


class Channel(LabelledStrEnum):
    ONLINE = "online", gettext_noop("网上申请")
    IN_PERSON = "in_person", gettext_noop("当面提交")
    POST_SIGNED = "post_signed", gettext_noop("邮寄（需签收）")
    POST_ORDINARY = "post_ordinary", gettext_noop("邮寄（平常信函）")
    FAX = "fax", gettext_noop("传真")
    EMAIL = "email", gettext_noop("电子邮件")


class ReceiptBasis(LabelledStrEnum):
    """Which date of the registration is the receipt date."""

    ARRIVED = "arrived", gettext_noop("提交或签收之日")
    CONFIRMED = "confirmed", gettext_noop("双方确认之日")


EMAIL_RULE = ReceiptBasis.CONFIRMED  # [L] 2019 wording; ReceiptBasis.ARRIVED is the 2015 interpretation

RULES: dict[Channel, tuple[ReceiptBasis, str]] = {
    Channel.IN_PERSON: (
        ReceiptBasis.ARRIVED,
        gettext_noop("当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）"),
    ),
    Channel.POST_SIGNED: (
        ReceiptBasis.ARRIVED,
        gettext_noop(
            "以邮寄方式提交、需要签收的，以行政机关签收之日为收到申请之日（条例第三十一条第（二）项）"
        ),
    ),
    Channel.POST_ORDINARY: (
        ReceiptBasis.CONFIRMED,
        gettext_noop(
            "以平常信函等无需签收的邮寄方式提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认，"
            "确认之日为收到申请之日（条例第三十一条第（二）项）"
        ),
    ),
    Channel.FAX: (
        ReceiptBasis.CONFIRMED,
        gettext_noop("通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
    ),
    Channel.ONLINE: (
        ReceiptBasis.CONFIRMED,
        gettext_noop("通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
    ),
}


def rule_for(channel: Channel, *, email_rule: ReceiptBasis = EMAIL_RULE) -> tuple[ReceiptBasis, str]:
    if channel is Channel.EMAIL:
        if email_rule is ReceiptBasis.ARRIVED:
            return (
                email_rule,
                gettext_noop(
                    "通过电子邮件提交的，以电子邮件系统收到之日为收到申请之日（国办公开办函〔2015〕207号）"
                ),
            )
        return email_rule, gettext_noop(
            "通过电子邮件提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"
        )
    return RULES[channel]


class ReceiptError(ValueError):
    """The dates given do not fit the channel's rule; `field` names the date at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return self.args[0]


@dataclass(frozen=True, slots=True)
class Receipt:
    received_on: date
    basis: ReceiptBasis
    rule: str
    backdated_days: int  # calendar days between the receipt date and the day it is registered


def receipt_date(
    *,
    channel: Channel,
    arrived_on: date | None,
    confirmed_on: date | None,
    today: date,
    email_rule: ReceiptBasis = EMAIL_RULE,
) -> Receipt:
    """The receipt date under the channel's rule; refuses future dates and confirmations before arrival."""
    basis, rule = rule_for(channel, email_rule=email_rule)
    if arrived_on is None:
        raise ReceiptError("请填写收件日期（提交、签收或到达之日）", "arrived_on")
    if arrived_on > today:
        raise ReceiptError("收件日期不能晚于今天", "arrived_on")
    if basis is ReceiptBasis.CONFIRMED:
        if confirmed_on is None:
            raise ReceiptError(f"“{channel.label}”渠道须填写与申请人确认的日期：{rule}", "confirmed_on")
        if confirmed_on > today:
            raise ReceiptError("确认日期不能晚于今天", "confirmed_on")
        if confirmed_on < arrived_on:
            raise ReceiptError("确认日期不能早于收件日期", "confirmed_on")
        received = confirmed_on
    else:
        received = arrived_on
    return Receipt(received, basis, rule, (today - received).days)


def late_confirmation(channel: Channel, *, arrived_on: date, confirmed_on: date | None) -> bool:
    """平常信函: the confirmation belongs on the day the letter arrives; a later one is worth a warning."""
    return channel is Channel.POST_ORDINARY and confirmed_on is not None and confirmed_on != arrived_on
