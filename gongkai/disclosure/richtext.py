"""The text of a sanitised HTML body, with offsets, so that the privacy gate can scan the words a
reader sees and mask a hit where it stands without touching the markup.

Pure: no Django. Block-level tags become a line break in the text, so that numbers in two table
cells or two paragraphs are never read as one."""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th", "table"}
    | {"thead", "tbody", "blockquote", "hr", "caption", "img"}
)


@dataclass
class _Piece:
    markup: str  # a tag as written, or "" for text
    text: str  # unescaped text ("" for a tag)
    start: int = 0  # offset of `text` in the joined text


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[_Piece] = []

    def handle_starttag(self, tag, attrs):
        self.pieces.append(_Piece(self.get_starttag_text() or f"<{tag}>", ""))

    def handle_startendtag(self, tag, attrs):
        self.pieces.append(_Piece(self.get_starttag_text() or f"<{tag}/>", ""))

    def handle_endtag(self, tag):
        self.pieces.append(_Piece(f"</{tag}>", ""))

    def handle_data(self, data):
        self.pieces.append(_Piece("", data))


def _tag_name(markup: str) -> str:
    name = markup.lstrip("</").split(None, 1)[0] if markup.strip("</>") else ""
    return name.rstrip("/>").lower()


class RichText:
    """`text` is what a reader sees; `redact(spans)` returns the HTML with those spans of `text`
    replaced."""

    def __init__(self, markup: str) -> None:
        splitter = _Splitter()
        splitter.feed(markup or "")
        splitter.close()
        self.pieces = splitter.pieces
        parts: list[str] = []
        position = 0
        for piece in self.pieces:
            if piece.markup:
                if _tag_name(piece.markup) in BLOCK_TAGS:
                    parts.append("\n")
                    position += 1
                continue
            piece.start = position
            parts.append(piece.text)
            position += len(piece.text)
        self.text = "".join(parts)

    def redact(self, spans: list[tuple[int, int, str]]) -> str:
        """`spans` are (start, end, replacement) in `text`, not overlapping."""
        texts = {id(piece): piece.text for piece in self.pieces if not piece.markup}
        # Right to left, so that earlier offsets stay valid within a piece.
        text_pieces = [piece for piece in self.pieces if not piece.markup]
        for start, end, replacement in sorted(spans, reverse=True):
            overlapping = [p for p in text_pieces if p.start < end and p.start + len(p.text) > start]
            if not overlapping:
                raise ValueError("span outside the text")
            for number, piece in enumerate(overlapping):
                local_start = max(start, piece.start) - piece.start
                local_end = min(end, piece.start + len(piece.text)) - piece.start
                current = texts[id(piece)]
                insert = replacement if number == 0 else ""
                texts[id(piece)] = current[:local_start] + insert + current[local_end:]
        return "".join(
            piece.markup if piece.markup else html.escape(texts[id(piece)], quote=False)
            for piece in self.pieces
        )


def plain_text(markup: str) -> str:
    """Readable text of HTML: paragraphs on their own lines, runs of blank lines collapsed."""
    lines = [" ".join(line.split()) for line in RichText(markup).text.split("\n")]
    return "\n".join(line for line in lines if line)
