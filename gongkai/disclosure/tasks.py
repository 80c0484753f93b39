"""Jobs of 主动公开, run by `gongkai worker` (Huey)."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.disclosure import services
from gongkai.disclosure.search import service as search

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_documents():
    """Every minute: publish the approved documents whose scheduled time has come."""
    published = services.publish_due()
    if published:
        logger.info("published %d scheduled document(s)", len(published))
    return [document.pk for document in published]


@db_periodic_task(crontab(hour="0", minute="5"))
def refresh_validity():
    """Every night: documents whose scheduled 失效/废止 date or 有效期至 has come get their search
    facets refreshed (their pages and lists compute the validity of the day themselves)."""
    from gongkai.disclosure import queries

    documents = list(queries.validity_transitions().select_related("catalogue_item"))
    search.index_documents(documents)
    return [document.pk for document in documents]


@db_task()
def reindex_documents():
    """Rebuild the search index from the published documents (after an upgrade of the
    segmentation dictionary, or a restore)."""
    count = search.rebuild()
    logger.info("search index rebuilt: %d document(s)", count)
    return count


@db_task()
def recompute_timeliness_task(years: list[int]):
    """After the working-day calendar changed: due dates and lateness of the affected years."""
    changed = services.recompute_timeliness(years=years or None)
    logger.info("timeliness recomputed for %s: %d document(s) changed", years, changed)
    return changed
