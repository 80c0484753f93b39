"""Every change to enforcement records: one keyword-only function per business action, in a
transaction, with its permission check and audit record. Split by subject, re-exported here."""

from gongkai.enforcement.services.creditchina import *  # noqa: F403
from gongkai.enforcement.services.decisions import *  # noqa: F403
from gongkai.enforcement.services.draws import *  # noqa: F403
from gongkai.enforcement.services.supervision import *  # noqa: F403
