"""Texts of the reply letter (政府信息公开申请答复书) and the notices, from the same `ReplyOutcome` the
reply form and the annual report use: one template per outcome, naming its legal basis.

The salutation (the applicant's name) is not part of the editable body: it is added when the letter
is rendered, so the public copy can mask it and the body carries no personal data of its own. A
template part the handler must complete is marked 【…】; a letter with such a marker cannot go to legal
review (`unfinished_markers`)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from gongkai.applications import fees
from gongkai.applications.outcomes import ReplyOutcome, outcome_label
from gongkai.core.labelled import gettext_noop
from gongkai.privacy.scanner import redact_text, scan_text

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
MARKER = re.compile(r"【[^】]*】")

_OUTCOME_TEXT: dict[ReplyOutcome, str] = {
    ReplyOutcome.DISCLOSED: (
        "经审查，您申请获取的政府信息属于公开范围。根据{reg}第三十六条第（二）项的规定，本机关予以公开，"
        "相关政府信息见附件，以{provision_form}形式提供。"
    ),
    ReplyOutcome.PARTIALLY_DISCLOSED: (
        "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。根据{reg}"
        "第三十七条的规定，本机关向您提供可以公开的部分（见附件），以{provision_form}形式提供。"
        "不予公开的部分为：【写明不予公开的内容及其理由、依据】。"
    ),
    ReplyOutcome.REFUSED_STATE_SECRET: (
        "经审查，您申请获取的政府信息属于依法确定的国家秘密。根据{reg}第十四条、第三十六条第（三）项的规定，"
        "本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_PROHIBITED_BY_LAW: (
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息（【写明法律、行政法规的名称及条款】）。"
        "根据{reg}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_SECURITY_STABILITY: (
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据{reg}"
        "第十四条、第三十六条第（三）项的规定，本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_THIRD_PARTY_RIGHTS: (
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容。"
        "经书面征求第三方意见，第三方不同意公开，且本机关认为不公开不会对公共利益造成重大影响。根据{reg}"
        "第十五条、第三十二条、第三十六条第（三）项的规定，本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_INTERNAL_AFFAIRS: (
        "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息。根据{reg}"
        "第十六条第一款、第三十六条第（三）项的规定，本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_PROCESS_INFORMATION: (
        "经审查，您申请获取的政府信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息。根据{reg}第十六条第二款、第三十六条第（三）项的规定，本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_ENFORCEMENT_FILE: (
        "经审查，您申请获取的政府信息属于行政执法案卷信息。根据{reg}第十六条第二款、第三十六条第（三）项的规定，"
        "本机关决定不予公开。"
    ),
    ReplyOutcome.REFUSED_ADMINISTRATIVE_QUERY: (
        "经审查，您申请获取的内容属于行政查询事项，法律、行政法规对其获取有特别规定。根据{reg}第三十六条第（七）项的"
        "规定，告知您按照有关法律、行政法规的规定办理：请通过【写明查询渠道】办理查询。"
    ),
    ReplyOutcome.UNAVAILABLE_NOT_HELD: (
        "经检索，本机关没有制作或者获取您申请公开的政府信息。根据{reg}第三十六条第（四）项的规定，"
        "告知您该政府信息不存在。"
    ),
    ReplyOutcome.UNAVAILABLE_NEEDS_CREATION: (
        "经审查，本机关没有现成的您申请获取的政府信息，提供该信息需要本机关对现有政府信息进行加工、分析。"
        "根据{reg}第三十八条的规定，本机关不予提供。"
    ),
    ReplyOutcome.UNAVAILABLE_UNCLEAR_AFTER_SUPPLEMENT: (
        "本机关已向您发出补正申请告知书。经审查，您补正后的申请内容仍不明确，本机关无法确定您申请获取的政府信息。"
        "根据{reg}第三十条的规定，本机关无法提供。"
    ),
    ReplyOutcome.NOT_HANDLED_PETITION: (
        "经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{reg}第三十九条第一款的规定，"
        "本机关不作为政府信息公开申请处理，您可以通过【写明信访、投诉或举报渠道】提出。"
    ),
    ReplyOutcome.NOT_HANDLED_REPEAT: (
        "经查，本机关已就您申请公开的相同政府信息作出答复{earlier}。根据{reg}第三十六条第（六）项的规定，"
        "本机关不予重复处理。"
    ),
    ReplyOutcome.NOT_HANDLED_PUBLICATION: (
        "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据{reg}第三十九条第二款的规定，"
        "您可以通过【写明获取公开出版物的途径】获取。"
    ),
    ReplyOutcome.NOT_HANDLED_EXCESSIVE: (
        "您申请公开政府信息的数量、频次明显超过合理范围。本机关要求您说明理由，经审查，您的理由不合理。"
        "根据{reg}第三十五条的规定，本机关不予处理。"
    ),
    ReplyOutcome.NOT_HANDLED_CONFIRMATION: (
        "经审查，您的申请系要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请的处理范围，"
        "本机关不予处理。"
    ),
    ReplyOutcome.OTHER_NO_SUPPLEMENT: (
        "本机关已于{supplement_on}向您发出补正申请告知书，请您于{supplement_deadline}前补正。您无正当理由逾期未补正，"
        "根据{reg}第三十条的规定，视为放弃申请，本机关不再处理您的该项政府信息公开申请。"
    ),
    ReplyOutcome.OTHER_FEE_UNPAID: (
        "本机关已于{fee_on}向您发出收取信息处理费通知书。您逾期未按通知要求缴纳费用，根据{fee_measures}的规定，"
        "视为放弃申请，本机关不再处理您的该项政府信息公开申请。"
    ),
    ReplyOutcome.OTHER: "【写明处理情况及其依据】",
}


class LetterForm(StrEnum):
    """A reply form (答复文书样式) other than its outcome's default: the same Table 三 row, another Art. 36
    item and wording. Each names the row it is counted under."""

    outcome: ReplyOutcome
    label: str

    def __new__(cls, code: str, outcome: ReplyOutcome, label: str) -> LetterForm:
        member = str.__new__(cls, code)
        member._value_ = code
        member.outcome = outcome
        member.label = label
        return member

    # 条例第三十六条第（一）项 — counted as （一）予以公开
    ALREADY_PUBLIC = (
        "already_public",
        ReplyOutcome.DISCLOSED,
        gettext_noop("已经主动公开（第三十六条第（一）项）"),
    )
    # 条例第三十六条第（五）项 — counted as （四）1.本机关不掌握相关政府信息
    OTHER_AGENCY = (
        "other_agency",
        ReplyOutcome.UNAVAILABLE_NOT_HELD,
        gettext_noop("不属于本机关负责公开（第三十六条第（五）项）"),
    )


_FORM_TEXT: dict[LetterForm, str] = {
    LetterForm.ALREADY_PUBLIC: (
        "经审查，您申请获取的政府信息本机关已经主动公开。根据{reg}第三十六条第（一）项的规定，告知您获取该政府信息的"
        "方式和途径：{where}"
    ),
    LetterForm.OTHER_AGENCY: (
        "经审查，您申请公开的政府信息不属于本机关负责公开。根据{reg}第三十六条第（五）项的规定，告知您该政府信息由"
        "{responsible_body}负责公开，联系方式：{responsible_contact}。"
    ),
}
_FORM_MARKERS = {
    "where": "【写明公开的载体（网址、栏目或查阅场所）和获取方式】",
    "responsible_body": "【负责公开的机关名称】",
    "responsible_contact": "【该机关的联系方式】",
}


class LetterFormError(ValueError):
    @property
    def message(self) -> str:
        return self.args[0]


REMEDY = (
    "如对本答复不服，可以自收到本答复书之日起六十日内向{reconsideration_body}申请行政复议，"
    "或者自收到本答复书之日起六个月内依法向人民法院提起行政诉讼。"
)


# The same remedy for a notice that decides something for the applicant (补正, 延期, 收费, 终止 …): the
# applicant may challenge it like the reply (行政复议法 2023 Art. 20: 60 days; 行政诉讼法 Art. 46: 6 months).
NOTICE_REMEDY = (
    "如对本告知不服，可以自收到本告知书之日起六十日内向{reconsideration_body}申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
)


def notice_document_body(body: str, *, reconsideration_body: str, to_applicant: bool) -> str:
    """A numbered notice's text: the notice and, for the applicant, the remedy clause. A 征求意见书 to a
    third party carries none (the party's remedy comes with the decision that affects it, Art. 32)."""
    if not to_applicant:
        return tidy_punctuation(body.strip())
    remedy = NOTICE_REMEDY.format(reconsideration_body=reconsideration_body.strip() or RECONSIDERATION_MARKER)
    return tidy_punctuation(f"{body.strip()}\n{remedy}")


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"


# 行政复议法 (2023) Art. 24: the 本级人民政府; `Organisation.reconsideration_authority` gives it. Without it
# the letter keeps a marker, so it cannot go to legal review until the setting is filled in.
RECONSIDERATION_MARKER = "【行政复议机关（请在机构信息中设置）】"


def reply_body(
    *,
    outcome: ReplyOutcome,
    tracking_number: str,
    received_on: date | None,
    description: str,
    provision_form: str,
    reconsideration_body: str,
    supplement_on: date | None = None,
    supplement_deadline: date | None = None,
    fee_on: date | None = None,
    earlier: str = "",
    letter_form: LetterForm | None = None,
    details: dict[str, str] | None = None,
) -> str:
    """The draft body for an outcome (or one of its other `letter_form`s, filled from `details`: `where`,
    `responsible_body`, `responsible_contact`; a missing one stays a 【…】 marker); the handler edits it
    before legal review."""
    opening = (
        f"本机关于{cn_date(received_on)}收到您提交的政府信息公开申请（登记号：{tracking_number}），"
        f"申请获取“{description.strip().rstrip(CLOSING_PUNCTUATION)}”。"
    )
    if letter_form is not None and letter_form.outcome is not outcome:
        row = outcome_label(letter_form.outcome)
        raise LetterFormError(f"答复文书样式“{letter_form.label}”只适用于办理结果“{row}”")
    template = _FORM_TEXT[letter_form] if letter_form is not None else _OUTCOME_TEXT[outcome]
    given = details or {}
    filled = {name: (given.get(name) or "").strip() or marker for name, marker in _FORM_MARKERS.items()}
    middle = template.format(
        **filled,
        reg=REGULATION,
        fee_measures=FEE_MEASURES,
        provision_form=provision_form,
        supplement_on=cn_date(supplement_on),
        supplement_deadline=cn_date(supplement_deadline),
        fee_on=cn_date(fee_on),
        earlier=f"（登记号：{earlier}）" if earlier else "",
    )
    remedy = REMEDY.format(reconsideration_body=reconsideration_body.strip() or RECONSIDERATION_MARKER)
    return tidy_punctuation(f"{opening}\n{middle}\n{remedy}")


# GB/T 9704 practice: a sentence ends once. A quotation that already ends a sentence takes no second stop.
CLOSING_PUNCTUATION = "。；;，,.！!？?、"
_DOUBLED = re.compile(r"([。！？；])([”’）」』]*)[。；]")


def tidy_punctuation(text: str) -> str:
    """ "…。”。" → "…。”", "。。" → "。" (a stop already ended the sentence)."""
    previous = None
    while previous != text:
        previous, text = text, _DOUBLED.sub(r"\1\2", text)
    return text


def unfinished_markers(body: str) -> list[str]:
    return MARKER.findall(body)


# --- notices ------------------------------------------------------------------------------------


PROVISIONAL = "（暂定，{year}年放假安排公布后可能调整，届时另行告知）"


def acknowledgement_text(
    *, tracking_number: str, received_on: date, due_on: date | None, provisional_year: int | None = None
) -> str:
    """`provisional_year`: the due date crosses into a year whose 放假安排 is not entered yet (暂定)."""
    mark = PROVISIONAL.format(year=provisional_year) if provisional_year else ""
    due = f"即{cn_date(due_on)}前{mark}" if due_on else "具体日期以工作日历为准"
    return (
        f"本机关已于{cn_date(received_on)}收到您的政府信息公开申请，登记号为{tracking_number}。"
        f"根据{REGULATION}第三十三条的规定，本机关将自收到申请之日起20个工作日内（{due}）予以答复；"
        "需要延长答复期限的，将另行告知。"
    )


def supplement_text(*, tracking_number: str, received_on: date, deadline: date, items: str) -> str:
    return (
        f"本机关于{cn_date(received_on)}收到您提交的政府信息公开申请（登记号：{tracking_number}）。"
        f"经审查，您的申请内容不明确。根据{REGULATION}第三十条的规定，现一次性告知您需要补正的事项：\n"
        f"{items.strip()}\n"
        f"请您于{cn_date(deadline)}前补正。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
    )


def consultation_text(
    *, party_kind: str, tracking_number: str, started_on: date, answer_due: date | None
) -> str:
    if party_kind == "agency":
        article, silence = "第三十四条", "逾期未提出意见的，视为同意公开。"
    else:
        article, silence = "第三十二条", "逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
    due = f"（即{cn_date(answer_due)}前）" if answer_due else ""
    return (
        f"本机关收到一件政府信息公开申请（登记号：{tracking_number}），申请公开的政府信息涉及贵方。"
        f"根据{REGULATION}{article}的规定，现于{cn_date(started_on)}书面征求贵方意见，"
        f"请自收到本征求意见书之日起15个工作日内{due}提出意见。{silence}"
    )


def extension_text(
    *,
    tracking_number: str,
    received_on: date,
    workdays: int,
    reason: str,
    new_due: date | None,
    provisional_year: int | None = None,
) -> str:
    mark = PROVISIONAL.format(year=provisional_year) if provisional_year else ""
    due = f"本机关将于{cn_date(new_due)}前{mark}作出答复" if new_due else "本机关将在延长的期限内作出答复"
    return (
        f"本机关于{cn_date(received_on)}收到您提交的政府信息公开申请（登记号：{tracking_number}）。"
        f"因{reason.strip().rstrip('。')}，本机关不能在法定期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
        f"根据{REGULATION}第三十三条第一款的规定，答复期限延长{workdays}个工作日，{due}。"
    )


def later_deadline_text(*, tracking_number: str, received_on: date, deadline: date, reason: str) -> str:
    """条例 Art. 35: a reasonable but bulky request, answered by a reasonable later deadline."""
    return (
        f"本机关于{cn_date(received_on)}收到您提交的政府信息公开申请（登记号：{tracking_number}）。"
        f"经审查，您申请公开政府信息的数量、频次明显超过合理范围，但说明的理由合理。因{reason.strip().rstrip('。')}，"
        f"本机关无法在{REGULATION}第三十三条规定的期限内答复。根据{REGULATION}第三十五条的规定，"
        f"本机关确定的答复期限为{cn_date(deadline)}，将于该日前作出答复。"
    )


def fee_text(*, tracking_number: str, quote: fees.FeeQuote, payment_due: date | None, pay_at: str) -> str:
    due = f"（即{cn_date(payment_due)}前）" if payment_due else ""
    place = pay_at or "本机关政府信息公开受理窗口"
    return (
        f"您提交的政府信息公开申请（登记号：{tracking_number}）的数量、频次明显超过合理范围。根据"
        f"{REGULATION}第四十二条和{FEE_MEASURES}的规定，本机关依法收取信息处理费。\n"
        f"收费依据和标准：{quote.explanation}\n应缴金额：{quote.amount}元。\n"
        f"请您自收到本通知次日起20个工作日内{due}到{place}缴纳（缴入国库，属行政事业性收费）。"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
    )


def fee_waiver_text(*, tracking_number: str, reason: str) -> str:
    return (
        f"经研究，本机关决定免收您的政府信息公开申请（登记号：{tracking_number}）的信息处理费。"
        f"理由：{reason.strip()}"
    )


def closure_text(*, tracking_number: str, outcome: ReplyOutcome, reason: str) -> str:
    return (
        f"您提交的政府信息公开申请（登记号：{tracking_number}）：{reason.strip()}\n"
        f"本机关不再处理该申请（{outcome_label(outcome)}；依据：{outcome.legal_basis}）。"
    )


# --- the public copy ----------------------------------------------------------------------------


def redact(text: str, personal: list[str]) -> str:
    """The text with the applicant's own data (name, numbers, contacts, address) and any other personal
    data the privacy scanner finds masked — for the public status page and the public copy of a letter."""
    for value in sorted({value.strip() for value in personal if value and len(value.strip()) >= 2}, key=len)[
        ::-1
    ]:
        text = text.replace(value, _mask(value))
    return redact_text(text, scan_text(text))


def _mask(value: str) -> str:
    return value[0] + "*" * (len(value) - 1) if len(value) < 6 else value[:2] + "*" * (len(value) - 2)
