"""The labels and messages of the pure modules (outcomes, clock, fees) in the interface language, for
the staff pages. The pure modules keep their Chinese text (letters, notices, exports and the annual
report use it as it is); they mark each label with `gettext_noop`, so the catalogue holds it and
`gettext` here finds its translation. In Chinese every function returns the pure module's own text."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext

from gongkai.applications import fees
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.core.texts import translated


def outcome_display(outcome: ReplyOutcome) -> str:
    """`outcomes.outcome_label` ("不予公开：属于国家秘密") in the interface language."""
    if not outcome.group.has_sub_rows:
        return gettext(outcome.group.label)
    row = gettext(outcome.row_label)  # "1.属于国家秘密"
    label = row.split(".", 1)[1].strip() if "." in row else row
    return gettext("%(group)s：%(outcome)s") % {"group": gettext(outcome.group.label), "outcome": label}


def outcome_row_display(outcome: ReplyOutcome) -> str:
    """The outcome's row of Table 三 with the article that grounds it ("1.属于国家秘密（条例第十四条）")."""
    return gettext("%(row)s（%(basis)s）") % {
        "row": gettext(outcome.row_label),
        "basis": gettext(outcome.legal_basis),
    }


outcome_display_lazy = lazy(outcome_display, str)
outcome_row_display_lazy = lazy(outcome_row_display, str)
label_lazy = lazy(gettext, str)  # a marked label of a pure module, translated when shown


def message(text: str) -> str:
    """A message of the pure modules (clock warnings and expected actions, `labelled.Text`) or a stored
    note that is a marked text (the receipt rule) in the interface language; other text as it is."""
    return translated(text)


# --- the fee notice's 计算说明 ---------------------------------------------------------------------


def fee_explanation(decision, form: fees.ProvisionForm) -> str:
    """The 计算说明 of a `FeeDecision` in the interface language, rebuilt from its stored inputs (the
    stored text is the Chinese of the notice); the stored text when they no longer give its amount."""
    relief = fees.Relief(decision.relief_reason, decision.amount) if decision.relief_reason.strip() else None
    try:
        if decision.method == fees.FeeMethod.BY_APPLICATION:
            quote = fees.quote_fee(
                method=fees.FeeMethod.BY_APPLICATION,
                earlier_this_month=decision.earlier_this_month,
                pieces=decision.pieces,
                relief=relief,
            )
        else:
            quote = fees.quote_fee(
                method=fees.FeeMethod.BY_VOLUME, pages=decision.pages, form=form, relief=relief
            )
    except (fees.FeeError, TypeError, ValueError):
        return decision.explanation
    if quote.amount != decision.amount or quote.computed != decision.computed:
        return decision.explanation
    return quote_explanation(quote, pages=decision.pages, form=form)


def quote_explanation(quote: fees.FeeQuote, *, pages: int | None, form: fees.ProvisionForm) -> str:
    """`FeeQuote.explanation` in the interface language (the same text in Chinese)."""
    document = gettext(fees.FEE_DOCUMENT)
    if quote.method is fees.FeeMethod.BY_APPLICATION:
        first, last = quote.charges[0].first, quote.charges[-1].last
        head = gettext(
            "按件计收（%(document)s第四条，同一申请人同一自然月累计，超额累进）：本次申请为本月%(span)s。"
        ) % {"document": document, "span": _span(first, last, per_piece=True)}
    else:
        head = gettext(
            "按量计收（%(document)s第五条，超额累进）：本次申请共%(pages)d页，提供形式为%(form)s。"
        ) % {
            "document": document,
            "pages": pages or 0,
            "form": gettext(form.label),
        }
    bands = gettext("；").join(_band(charge) for charge in quote.charges)
    text = head + (gettext("%(bands)s。") % {"bands": bands} if bands else "")
    text += gettext("合计%(total)s元。") % {"total": quote.computed}
    if quote.relief is not None:
        text += "\n" + gettext("经决定减免（理由：%(reason)s），应缴%(payable)s元。") % {
            "reason": quote.relief.reason.strip(),
            "payable": quote.relief.payable,
        }
    return text


def _span(first: int, last: int | None, *, per_piece: bool) -> str:
    if first == last:
        return (gettext("第%(n)d件") if per_piece else gettext("第%(n)d页")) % {"n": first}
    template = gettext("第%(first)d至%(last)d件") if per_piece else gettext("第%(first)d至%(last)d页")
    return template % {"first": first, "last": last}


def _band(charge: fees.BandCharge) -> str:
    per_piece = charge.unit == "件"
    values = {
        "span": _span(charge.first, charge.last, per_piece=per_piece),
        "units": charge.units,
        "fee": charge.unit_fee,
        "amount": charge.amount,
    }
    if charge.unit_fee == fees.ZERO:
        return gettext("%(span)s免费") % values
    if charge.units == 1:
        template = (
            gettext("%(span)s每件%(fee)s元，计%(amount)s元")
            if per_piece
            else gettext("%(span)s每页%(fee)s元，计%(amount)s元")
        )
    elif per_piece:
        template = gettext("%(span)s共%(units)d件，每件%(fee)s元，计%(amount)s元")
    else:
        template = gettext("%(span)s共%(units)d页，每页%(fee)s元，计%(amount)s元")
    return template % values
