"""Reply outcomes of an application (办理结果) and the annual-report tables 三 and 四 that count them.

The table itself lives in the pure foundation module `gongkai.core.outcomes`, because the annual
report (`gongkai.annual`) prints the same rows and one domain app never imports another
(docs/ARCHITECTURE.md, "Boundaries"). This module re-exports it so the applications code reads its
own vocabulary from its own package."""

from gongkai.core.outcomes import *  # noqa: F403
