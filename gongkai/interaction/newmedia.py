"""New-media texts made from one publication (政务新媒体), pure: no Django.

- `wechat_article(...)`: an article body for the WeChat official-account editor (微信公众号). The editor
  drops <style> elements, classes and scripts, so every element carries its own `style` attribute; images
  are <img> with their absolute address and `max-width:100%` (the editor fetches them when the HTML
  is pasted); links become text (external links are not clickable in an article body), and the
  address of the original is written at the end for 阅读原文.
- `weibo_text(...)`: 【标题】摘要 + link + topic, within `limit` (weibo length). Weibo counts a Chinese
  (full-width) character as 1 and two half-width characters as 1, and shortens any link to a t.cn
  address counted as `LINK_WEIGHT`; the text is cut at the summary with "…" so the title and the
  link always remain.
  The limit is a setting (INTERACTION_WEIBO_LIMIT, default 140: what a post shows before 全文).
"""

from __future__ import annotations

import math
import re
import unicodedata
from html import escape
from html.parser import HTMLParser

BODY_STYLE = "font-size:16px;line-height:1.75;color:#333333;letter-spacing:0.5px;"
STYLES = {
    "p": "margin:0 0 16px 0;text-indent:2em;text-align:justify;",
    "h2": "margin:24px 0 12px 0;font-size:18px;font-weight:bold;color:#1f5e3b;"
    "border-left:4px solid #1f5e3b;padding-left:8px;",
    "h3": "margin:20px 0 10px 0;font-size:17px;font-weight:bold;color:#1f5e3b;",
    "h4": "margin:16px 0 8px 0;font-size:16px;font-weight:bold;",
    "ul": "margin:0 0 16px 0;padding-left:1.5em;",
    "ol": "margin:0 0 16px 0;padding-left:1.5em;",
    "li": "margin:0 0 6px 0;",
    "table": "width:100%;border-collapse:collapse;margin:0 0 16px 0;font-size:14px;",
    "th": "border:1px solid #cccccc;padding:6px;background:#f2f7f4;font-weight:bold;",
    "td": "border:1px solid #cccccc;padding:6px;",
    "blockquote": "margin:0 0 16px 0;padding:8px 12px;border-left:3px solid #cccccc;color:#555555;",
    "strong": "font-weight:bold;",
    "b": "font-weight:bold;",
    "em": "font-style:italic;",
    "i": "font-style:italic;",
    "img": "display:block;max-width:100%;height:auto;margin:0 auto 16px auto;",
}
KEPT = set(STYLES) | {"br", "thead", "tbody", "tr", "span", "sub", "sup", "hr"}
VOID = {"br", "img", "hr"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "template"}

LINK_WEIGHT = 10  # a t.cn short link, 20 half-width characters
DEFAULT_WEIBO_LIMIT = 140
URL = re.compile(r"https?://\S+")


class _Restyler(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url.rstrip("/")
        self.out: list[str] = []
        self.skip = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skip += 1
            return
        if self.skip or tag not in KEPT:
            return
        attributes = dict(attrs)
        if tag == "img":
            src = absolute(attributes.get("src") or "", self.base_url)
            if src:
                alt = escape(attributes.get("alt") or "", quote=True)
                self.out.append(f'<img src="{escape(src, quote=True)}" alt="{alt}" style="{STYLES["img"]}">')
            return
        style = STYLES.get(tag, "")
        self.out.append(f'<{tag} style="{style}">' if style else f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag not in KEPT or tag in VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(escape(data, quote=False))


def absolute(src: str, base_url: str) -> str:
    src = src.strip()
    if src.startswith(("https://", "http://")):
        return src
    if src.startswith("/") and base_url:
        return base_url.rstrip("/") + src
    return ""


def wechat_article(
    *,
    title: str,
    body_html: str,
    organisation: str,
    date_text: str,
    images: list[str] = (),
    link: str = "",
    base_url: str = "",
) -> str:
    """The article's HTML, every element styled inline. `body_html` should already be sanitised."""
    parser = _Restyler(base_url)
    parser.feed(body_html)
    parser.close()
    body = "".join(parser.out)
    pictures = "".join(
        f'<img src="{escape(src, quote=True)}" alt="" style="{STYLES["img"]}">'
        for src in (absolute(image, base_url) for image in images)
        if src
    )
    original = absolute(link, base_url)
    footer = (
        f'<p style="margin:24px 0 0 0;font-size:13px;color:#888888;">原文链接：{escape(original)}</p>'
        if original
        else ""
    )
    return (
        f'<section style="{BODY_STYLE}">'
        f'<h1 style="margin:0 0 8px 0;font-size:22px;font-weight:bold;line-height:1.4;color:#222222;">'
        f"{escape(title)}</h1>"
        f'<p style="margin:0 0 20px 0;font-size:13px;color:#888888;">'
        f"{escape(organisation)}　{escape(date_text)}</p>"
        f"{pictures}{body}{footer}"
        f'<p style="margin:24px 0 0 0;font-size:13px;color:#888888;text-align:center;">'
        f"来源：{escape(organisation)}</p>"
        "</section>"
    )


def char_weight(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.5


def weibo_length(text: str) -> int:
    """Weibo's count: links as LINK_WEIGHT, full-width characters 1, half-width ½, rounded up."""
    links = URL.findall(text)
    rest = URL.sub("", text)
    return math.ceil(sum(char_weight(c) for c in rest) + LINK_WEIGHT * len(links))


def weibo_text(
    *, title: str, summary: str, link: str = "", topic: str = "", limit: int = DEFAULT_WEIBO_LIMIT
) -> str:
    """【title】summary link #topic#, the summary cut with … to keep within `limit`."""
    head = f"【{title.strip()}】"
    tail = ""
    if link:
        tail += f" {link.strip()}"
    if topic:
        tail += f" #{topic.strip()}#"
    summary = re.sub(r"\s+", " ", summary).strip()
    text = head + summary + tail
    if weibo_length(text) <= limit:
        return text
    budget = limit - weibo_length(head + tail) - 1  # the ellipsis
    kept = ""
    used = 0.0
    for char in summary:
        if used + char_weight(char) > budget:
            break
        kept += char
        used += char_weight(char)
    text = head + (kept + "…" if kept else "") + tail
    if weibo_length(text) > limit:  # the title alone is too long: cut it too
        room = limit - weibo_length(tail) - 3
        short = ""
        used = 0.0
        for char in title.strip():
            if used + char_weight(char) > room:
                break
            short += char
            used += char_weight(char)
        text = f"【{short}…】" + tail
    return text


def plain_text(html_text: str) -> str:
    """Text of an HTML fragment (for a summary when none was written)."""
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skip += 1
        elif tag in {"p", "br", "li", "h2", "h3", "tr", "td", "th"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
