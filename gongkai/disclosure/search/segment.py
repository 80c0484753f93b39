"""Chinese word segmentation for the search index (rjieba: the jieba dictionary, in Rust).

Pure: no Django. Neither SQLite's FTS5 tokenizers nor PostgreSQL's parser split Chinese into
words (FTS5's unicode61 keeps a run of Han characters as one token; its trigram tokenizer cannot
match two-character words such as 环评), so text is segmented here and both databases index the
words joined by spaces.

- Indexing uses jieba's search mode, which adds the shorter words inside a long one (建设项目 →
  建设 项目 建设项目), so that a query for 项目 finds it.
- A query is segmented in precise mode; every word must occur (AND). A handful of function words
  are dropped unless the query has nothing else.
- Every word is normalised the same way on both sides: ASCII lower-cased, split into runs of
  letters/digits and of Han characters, punctuation dropped ("PM2.5" → pm2, 5)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import rjieba

_WORD = re.compile(r"[0-9a-z]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+", re.UNICODE)
STOPWORDS = frozenset("的了和与及或之在是对把被等其并以于为")  # single-character function words
MAX_QUERY_TERMS = 12


def words(token: str) -> list[str]:
    return _WORD.findall(token.lower())


def segment_for_index(text: str) -> list[str]:
    # One pass over the space-joined tokens: the same words as normalising token by token.
    return words(" ".join(rjieba.cut_for_search(text or "")))


def index_text(text: str) -> str:
    """Space-joined words of `text`, ready for FTS5 (unicode61) or a tsvector."""
    return " ".join(segment_for_index(text))


def query_terms(query: str) -> list[str]:
    """The words a query asks for, in order, without repeats."""
    terms: list[str] = []
    for part in (query or "").split():
        for token in rjieba.cut(part):
            for word in words(token):
                if word not in terms:
                    terms.append(word)
    meaningful = [term for term in terms if term not in STOPWORDS]
    return (meaningful or terms)[:MAX_QUERY_TERMS]


MAX_SPANS = 2000


def _match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of the terms, longest term first where they overlap."""
    unique = {term for term in terms if term}
    if len(unique) > 1:  # a lone digit or letter (the "5" of PM2.5) would light up everywhere
        unique = {term for term in unique if len(term) > 1 or not term.isascii()} or unique
    unique = sorted(unique, key=len, reverse=True)
    if not unique:
        return []
    pattern = re.compile("|".join(re.escape(term) for term in unique))
    spans = []
    for match in pattern.finditer(text.lower()):
        spans.append(match.span())
        if len(spans) >= MAX_SPANS:
            break
    return spans


def highlight(text: str, terms: Iterable[str]) -> str:
    """`text` as escaped HTML with each occurrence of a term in <mark>."""
    parts: list[str] = []
    position = 0
    for start, end in _match_spans(text, terms):
        parts += [html.escape(text[position:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def snippet(text: str, terms: Iterable[str], width: int = 140) -> str:
    """The passage of `text` (about `width` characters) holding the most different query words
    (then the most matches), highlighted; the beginning of the text when nothing matches.
    Escaped HTML."""
    terms = list(terms)
    flat = " ".join((text or "").split())
    spans = _match_spans(flat, terms)
    if not spans:
        return html.escape(flat[:width]) + ("…" if len(flat) > width else "")
    words = [flat[start:end].lower() for start, end in spans]
    in_window: dict[str, int] = {}
    best_start, best_score, last = spans[0][0], (-1, -1), 0
    for first, (start, _end) in enumerate(spans):  # sliding window over the matches
        while last < len(spans) and spans[last][0] < start + width:
            in_window[words[last]] = in_window.get(words[last], 0) + 1
            last += 1
        score = (len(in_window), last - first)
        if score > best_score:
            best_start, best_score = start, score
        in_window[words[first]] -= 1
        if not in_window[words[first]]:
            del in_window[words[first]]
    start = max(0, best_start - width // 5)
    end = min(len(flat), start + width)
    passage = flat[start:end]
    return ("…" if start > 0 else "") + highlight(passage, terms) + ("…" if end < len(flat) else "")
