"""One search implementation per database vendor behind one interface.

The index (`SearchEntry`) holds published documents only (services add and remove them). Each row
has three parts: the title's words, the body's words (body and attachment text), and facet tokens
for the public list's filters (catalogue item and its ancestors, subject, type, validity, year,
issuing organ; see service.facet_tokens). A filter is therefore one more word to match, and every
query is answered by the index alone. The row's key orders it by publication time (newest
largest), so the index yields matches newest first without a sort.

Orders:
- date: newest first, straight from the index order;
- relevance: the RELEVANCE_WINDOW newest matches are ranked by relevance (title words weigh 10
  times body words) and come first, any older matches follow newest first. For most queries that
  is every match; for a query matching a large share of 100,000 documents it bounds the ranking
  work (a bureau's broad query is about recent documents).

Matches are counted up to MAX_COUNT (10,000; more show as "10000+", and paging stops there), so
that a query matching most of the site does not count all of it on every page view.

- SQLite: an FTS5 table over `SearchEntry` (external content, kept in step by triggers; tokenizer
  unicode61 over the space-joined words; rowid = the key), ranked by bm25.
- PostgreSQL: `tsvector` columns of `SearchEntry` with a GIN index over (vector, key), written as
  tsvector literals built here from the same words (title weight A, body B, facets D), so neither
  PostgreSQL's parser nor the database locale plays a part; the query is a tsquery literal for the
  same reason; ranked by ts_rank (see `PostgresBackend`).

A backend returns document ids and scores only; the service loads the documents of one page
through `Document.objects.published()`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction

FTS_TABLE = "disclosure_search_fts"
ENTRY_TABLE = "disclosure_searchentry"
TITLE_WEIGHT = 10.0  # relevance weight of a title word against 1.0 for a body word
RELEVANCE_WINDOW = 1000
MAX_COUNT = 10_000  # matches are counted up to here; more show as "10000+" (a page count of 500)

RELEVANCE = "relevance"
DATE = "date"
ORDERS = (RELEVANCE, DATE)


@dataclass(frozen=True)
class IndexRow:
    document_id: int
    key: int
    title_words: Sequence[str]
    body_words: Sequence[str]
    facets: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Query:
    terms: Sequence[str]  # words that must occur in the title or the body
    facets: Sequence[str] = ()  # facet tokens that must all be present


class SearchBackend(ABC):
    vendor = ""

    @abstractmethod
    def write(self, rows: Iterable[IndexRow]) -> None:
        """Replace the index rows of these documents."""

    def delete(self, document_ids: Iterable[int]) -> None:
        from gongkai.disclosure.models import SearchEntry

        SearchEntry.objects.filter(document_id__in=list(document_ids)).delete()

    @abstractmethod
    def count(self, query: Query, cap: int) -> int:
        """How many indexed documents match, counting no further than `cap`."""

    @abstractmethod
    def newest(self, query: Query, offset: int, limit: int) -> list[tuple[int, float]]:
        """(document id, 0.0) of matches in index order (newest first)."""

    @abstractmethod
    def ranked(self, query: Query, offset: int, limit: int) -> list[tuple[int, float]]:
        """(document id, score) of the RELEVANCE_WINDOW newest matches, best first."""

    def page(self, query: Query, order: str, offset: int, limit: int) -> list[tuple[int, float]]:
        """One page of results in the requested order (see the module docstring)."""
        if order == DATE:
            return self.newest(query, offset, limit)
        out: list[tuple[int, float]] = []
        if offset < RELEVANCE_WINDOW:
            out = self.ranked(query, offset, min(limit, RELEVANCE_WINDOW - offset))
        if offset + limit > RELEVANCE_WINDOW:
            start = max(offset, RELEVANCE_WINDOW)
            out += self.newest(query, start, offset + limit - start)
        return out

    def first_page(self, query: Query, order: str, limit: int) -> tuple[int, list[tuple[int, float]]]:
        """The number of matches (up to MAX_COUNT + 1) and the first `limit` results."""
        return self.count(query, MAX_COUNT + 1), self.page(query, order, 0, limit)

    def _fetch(self, sql: str, params: list) -> list[tuple[int, float]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], float(row[1])) for row in cursor.fetchall()]


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def write(self, rows: Iterable[IndexRow]) -> None:
        from gongkai.disclosure.models import SearchEntry

        rows = list(rows)
        self.delete(row.document_id for row in rows)
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    key=row.key,
                    document_id=row.document_id,
                    title_tokens=" ".join(row.title_words),
                    body_tokens=" ".join(row.body_words),
                    facets=" ".join(row.facets),
                )
                for row in rows
            ],
            batch_size=500,
        )

    @staticmethod
    def match_expression(query: Query) -> str:
        """Each word as an FTS5 string (a phrase of its own tokens) limited to its columns; all
        joined by AND."""

        def phrase(text: str) -> str:
            return '"' + text.replace('"', '""') + '"'

        parts = [f"{{title_tokens body_tokens}} : {phrase(term)}" for term in query.terms]
        parts += [f"facets : {phrase(facet)}" for facet in query.facets]
        return " AND ".join(parts)

    def count(self, query, cap):
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match_expression(query), cap])
            return cursor.fetchone()[0]

    def newest(self, query, offset, limit):
        matches = f"SELECT rowid AS k FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC"  # noqa: S608
        sql = (
            f"SELECT e.document_id, 0.0 FROM ({matches} LIMIT %s OFFSET %s) AS m "  # noqa: S608
            f"JOIN {ENTRY_TABLE} AS e ON e.key = m.k ORDER BY m.k DESC"
        )
        return self._fetch(sql, [self.match_expression(query), limit, offset])

    def ranked(self, query, offset, limit):
        # bm25 is lower for better matches; negated so that a higher score is better everywhere.
        score = f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0, 0.0)"
        window = (
            f"SELECT rowid AS k, {score} AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            "ORDER BY rowid DESC LIMIT %s"
        )
        sql = (
            f"SELECT e.document_id, m.score FROM ({window}) AS m JOIN {ENTRY_TABLE} AS e "  # noqa: S608
            "ON e.key = m.k ORDER BY m.score DESC, m.k DESC LIMIT %s OFFSET %s"
        )
        return self._fetch(sql, [self.match_expression(query), RELEVANCE_WINDOW, limit, offset])


MAX_POSITION = 16383  # PostgreSQL keeps word positions up to 16383
MAX_POSITIONS_PER_WORD = 32


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(
    title_words: Sequence[str], body_words: Sequence[str], facets: Sequence[str] = ()
) -> str:
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for weight, words in (("A", title_words), ("B", body_words), ("D", facets)):
        for word in words:
            position = min(position + 1, MAX_POSITION)
            entries = positions[word]
            if len(entries) < MAX_POSITIONS_PER_WORD and (
                not entries or entries[-1] != f"{position}{weight}"
            ):
                entries.append(f"{position}{weight}")
    return " ".join(f"{_lexeme(word)}:{','.join(entries)}" for word, entries in positions.items())


def tsquery_literal(query: Query) -> str:
    # No weight restriction (such as 'word':AB): the GIN index does not store weights, so one would
    # make PostgreSQL recheck every candidate row. Facet tokens start with "zz" and are not words.
    return " & ".join(_lexeme(word) for word in (*query.terms, *query.facets))


LEAD_WORDS = 20  # PostgreSQL ranks on the title and the opening words of the body (see below)


class PostgresBackend(SearchBackend):
    """Two vectors per row: `vector` (everything; GIN-indexed, matched) and `rank_vector` (the title
    and the first LEAD_WORDS body words). Ranking reads only `rank_vector`: ts_rank on the full
    vector would unpack each candidate's 4 KB or more, which dominated the time of a query. So on
    PostgreSQL relevance weighs the title and the opening of the text; matches further down rank
    after them, newest first.

    Both vectors live in TOAST storage (toast_tuple_target, migration 0003), so the table's rows are
    about 80 bytes: a match's key and id are read from a few pages. Matching statements tell the
    planner to reach rows through the GIN index (bitmap scans): with such a small heap it would
    otherwise prefer a sequential scan or a walk down the key index, unpacking every row's vector
    to test it. The GIN index covers (vector, key), so that the newest matches of a common word
    are found without visiting all its matches (`_newest`)."""

    vendor = "postgresql"

    def write(self, rows: Iterable[IndexRow]) -> None:
        rows = list(rows)
        self.delete(row.document_id for row in rows)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ENTRY_TABLE} (key, document_id, title_tokens, body_tokens, facets, vector, "  # noqa: S608
                "rank_vector) VALUES (%s, %s, '', '', '', %s::tsvector, %s::tsvector)",
                [
                    (
                        row.key,
                        row.document_id,
                        tsvector_literal(row.title_words, row.body_words, row.facets),
                        tsvector_literal(row.title_words, row.body_words[:LEAD_WORDS]),
                    )
                    for row in rows
                ],
            )

    def _rows(self, sql: str, params: list) -> list[tuple]:
        """Run a matching statement with bitmap scans only (see the class docstring); the planner
        settings apply to this statement alone, even inside a caller's transaction."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            # On an error the savepoint's rollback undoes the settings instead.
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
            cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")
            return rows

    def __init__(self) -> None:
        self._counted: dict[tuple[Query, int], int] = {}  # a search counts once for all its pages

    def count(self, query, cap):
        if (query, cap) not in self._counted:
            sql = (
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery "  # noqa: S608
                "LIMIT %s) AS m"
            )
            self._counted[query, cap] = self._rows(sql, [tsquery_literal(query), cap])[0][0]
        return self._counted[query, cap]

    def _newest(self, query: Query, offset: int, limit: int) -> list[tuple[int, int]]:
        """(key, document_id) of matches, newest first.

        A word found in most documents has tens of thousands of matches, and sorting them all by
        key to keep the newest few thousand would visit every one. The GIN index also holds the key
        (btree_gin, migration 0003), so a key range is applied inside the index scan: look among
        the newest entries first, widening the range until it holds enough matches."""
        literal, wanted = tsquery_literal(query), offset + limit
        matches = self.count(query, MAX_COUNT + 1)
        entries = self._entries()
        if matches > wanted and entries > 4 * wanted:
            # Expected span: wanted × entries / matches (the count may be capped: then start small).
            span = 2 * wanted * entries // matches if matches <= MAX_COUNT else 3 * wanted
            while span < entries // 2:
                lowest = self._key_at(span)
                if lowest is None:
                    break
                sql = (
                    f"SELECT key, document_id FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery "  # noqa: S608
                    "AND key >= %s ORDER BY key DESC LIMIT %s OFFSET %s"
                )
                rows = self._rows(sql, [literal, lowest, limit, offset])
                if len(rows) == limit:
                    return rows
                span *= 4
        sql = (
            f"SELECT key, document_id FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery "  # noqa: S608
            "ORDER BY key DESC LIMIT %s OFFSET %s"
        )
        return self._rows(sql, [literal, limit, offset])

    def _entries(self) -> int:
        """The planner's estimate of the number of entries (close enough to size a key range;
        -1 before the table is first analysed)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [ENTRY_TABLE])
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def _key_at(self, position: int) -> int | None:
        """The key of the `position`-th newest entry: a walk down the primary key's index (planned
        normally, so not inside `_rows`)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT key FROM {ENTRY_TABLE} ORDER BY key DESC LIMIT 1 OFFSET %s",  # noqa: S608
                [max(position - 1, 0)],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def newest(self, query, offset, limit):
        return [(document_id, 0.0) for _key, document_id in self._newest(query, offset, limit)]

    def ranked(self, query, offset, limit):
        window = self._newest(query, 0, RELEVANCE_WINDOW)
        if not window:
            return []
        # ts_rank's weights {D, C, B, A}: a title word counts 10 times a body word. The window's
        # rows are found by their key (ordinary planning: the primary key index).
        weights = f"'{{0, 0, {1.0 / TITLE_WEIGHT}, 1.0}}'"
        score = f"ts_rank({weights}, rank_vector, %s::tsquery, 1)"
        sql = (
            f"SELECT document_id, {score} AS score FROM {ENTRY_TABLE} WHERE key = ANY(%s) "  # noqa: S608
            "ORDER BY score DESC, key DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery_literal(query), [key for key, _id in window], limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]


BACKENDS: dict[str, type[SearchBackend]] = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend() -> SearchBackend:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise RuntimeError(
            f"全文检索不支持数据库类型 {connection.vendor}（仅支持 SQLite 和 PostgreSQL）。"
        ) from None
