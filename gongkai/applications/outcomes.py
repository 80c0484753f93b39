"""Reply outcomes of an application (办理结果) and the annual-report tables 三 and 四 that count them.

The table itself lives in the pure foundation module `gongkai.core.outcomes`, because the annual
report (`gongkai.annual`) prints the same rows and one domain app never imports another
(docs/ARCHITECTURE.md, "Boundaries"). This module re-exports it so the applications code reads its
own vocabulary from its own package."""

from gongkai.core.outcomes import *  # noqa: F403


def outcome_label(outcome: ReplyOutcome) -> str:  # noqa: F405
    """The outcome as shown on pages and letters: "不予公开：属于国家秘密", but "部分公开" — never a label
    repeated as "部分公开：部分公开" for the groups without sub-rows."""
    if outcome.group.has_sub_rows:
        return f"{outcome.group.label}：{outcome.label}"
    return outcome.label
