"""Every state change of an 依申请公开 case: one function per business action, each in one transaction
with its permission check, validation, the change, the clock recomputation and the audit record.

Audit records name the case by its tracking number and carry no personal data of the applicant (the
audit trail is read by administrators and leaders, who see applicants masked).

One module per stage of the case, in the order a case meets them:

| module | what |
|---|---|
| `common` | permissions, guards, notices |
| `numbers` | yearly numbers (`next_number`) |
| `ledger` | the clock ledger and its cached status/due date |
| `arrival` | submission, registration, confirmation, voiding, assignment, attachments |
| `supplement` | 补正 (条例 Art. 30) |
| `consultation` | 征求意见 (条例 Arts 32–34) |
| `extension` | 延长答复期限 (条例 Art. 33) |
| `fee` | 信息处理费 (国办函〔2020〕109号) |
| `reply` | draft, legal review, signature, delivery, closing |
| `repeats` | repeated applications |
| `appeals` | 行政复议和行政诉讼 |

Callers import from this package (`services.draft_reply(...)`); read-only helpers live in
`applications.queries` and are re-exported here only for the callers that still name them so."""

from gongkai.applications.queries import FEE_FORM_OF, draft_text, letter_content, personal_values, quote_for
from gongkai.applications.services.appeals import record_appeal, update_appeal
from gongkai.applications.services.arrival import (
    Submitted,
    add_attachment,
    assign_handler,
    confirm_submission,
    earlier_submission,
    forget_submission_keys,
    register_application,
    submit_application,
    void_submission,
)
from gongkai.applications.services.common import APPROVE_EXTENSION, HANDLE, LEGAL_REVIEW, MANAGE_APPEALS, SIGN
from gongkai.applications.services.consultation import (
    CONSULTATION_ANSWER_WORKDAYS,
    end_consultation,
    start_consultation,
)
from gongkai.applications.services.extension import decide_extension, request_extension, set_later_deadline
from gongkai.applications.services.fee import issue_fee_notice, record_fee_paid, set_pieces, waive_fee
from gongkai.applications.services.ledger import (
    CACHE_FIELDS,
    Recorded,
    recompute,
    recompute_all,
)
from gongkai.applications.services.numbers import TRACKING_PREFIX, document_number, next_number
from gongkai.applications.services.repeats import link_repeat, unlink_repeat
from gongkai.applications.services.reply import (
    CLOSING_OUTCOMES,
    close_application,
    draft_reply,
    record_delivery,
    review_notice,
    review_reply,
    sign_reply,
    submit_for_legal_review,
)
from gongkai.applications.services.supplement import record_supplement, request_supplement

__all__ = [
    "APPROVE_EXTENSION",
    "CACHE_FIELDS",
    "CLOSING_OUTCOMES",
    "CONSULTATION_ANSWER_WORKDAYS",
    "FEE_FORM_OF",
    "HANDLE",
    "LEGAL_REVIEW",
    "MANAGE_APPEALS",
    "SIGN",
    "TRACKING_PREFIX",
    "Recorded",
    "Submitted",
    "add_attachment",
    "assign_handler",
    "close_application",
    "confirm_submission",
    "decide_extension",
    "document_number",
    "draft_reply",
    "draft_text",
    "earlier_submission",
    "end_consultation",
    "forget_submission_keys",
    "issue_fee_notice",
    "letter_content",
    "link_repeat",
    "next_number",
    "personal_values",
    "quote_for",
    "recompute",
    "recompute_all",
    "record_appeal",
    "record_delivery",
    "record_fee_paid",
    "record_supplement",
    "register_application",
    "request_extension",
    "request_supplement",
    "review_notice",
    "review_reply",
    "set_later_deadline",
    "set_pieces",
    "sign_reply",
    "start_consultation",
    "submit_application",
    "submit_for_legal_review",
    "unlink_repeat",
    "update_appeal",
    "void_submission",
    "waive_fee",
]
