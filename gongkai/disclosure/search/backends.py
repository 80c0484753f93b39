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
  work (a bureau's broad query is about recent documents), while the count stays exact.

- SQLite: an FTS5 table over `SearchEntry` (external content, kept in step by triggers; tokenizer
  unicode61 over the space-joined words; rowid = the key), ranked by bm25.
- PostgreSQL: a `tsvector` column of `SearchEntry` with a GIN index, written as a tsvector literal
  built here from the same words (title weight A, body B, facets D), so neither PostgreSQL's parser
  nor the database locale plays a part; the query is a tsquery literal for the same reason; ranked
  by ts_rank.

A backend returns document ids and scores only; the service loads the documents of one page
through `Document.objects.published()`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection

FTS_TABLE = "disclosure_search_fts"
ENTRY_TABLE = "disclosure_searchentry"
TITLE_WEIGHT = 10.0  # relevance weight of a title word against 1.0 for a body word
RELEVANCE_WINDOW = 2000

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
    def count(self, query: Query) -> int:
        """How many indexed documents match."""

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

    def count(self, query):
        sql = f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match_expression(query)])
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


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def write(self, rows: Iterable[IndexRow]) -> None:
        rows = list(rows)
        self.delete(row.document_id for row in rows)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ENTRY_TABLE} (key, document_id, title_tokens, body_tokens, facets, vector) "  # noqa: S608
                "VALUES (%s, %s, '', '', '', %s::tsvector)",
                [
                    (row.key, row.document_id, tsvector_literal(row.title_words, row.body_words, row.facets))
                    for row in rows
                ],
            )

    def count(self, query):
        sql = f"SELECT COUNT(*) FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery_literal(query)])
            return cursor.fetchone()[0]

    def newest(self, query, offset, limit):
        sql = (
            f"SELECT document_id, 0.0 FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery "  # noqa: S608
            "ORDER BY key DESC LIMIT %s OFFSET %s"
        )
        return self._fetch(sql, [tsquery_literal(query), limit, offset])

    def ranked(self, query, offset, limit):
        literal = tsquery_literal(query)
        # ts_rank's weights {D, C, B, A}: a title word counts 10 times a body word, facets not at all.
        weights = f"'{{0, 0, {1.0 / TITLE_WEIGHT}, 1.0}}'"
        sql = (
            f"SELECT document_id, ts_rank({weights}, vector, %s::tsquery, 1) AS score FROM "  # noqa: S608
            f"(SELECT document_id, key, vector FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery "
            f"ORDER BY key DESC LIMIT %s) AS candidates ORDER BY score DESC, key DESC LIMIT %s OFFSET %s"
        )
        return self._fetch(sql, [literal, literal, RELEVANCE_WINDOW, limit, offset])


BACKENDS: dict[str, type[SearchBackend]] = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend() -> SearchBackend:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise RuntimeError(
            f"全文检索不支持数据库类型 {connection.vendor}（仅支持 SQLite 和 PostgreSQL）。"
        ) from None
