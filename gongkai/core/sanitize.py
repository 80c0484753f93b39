"""Rich text that staff type is sanitised before it is stored or shown (no scripts, no styles,
only safe tags and link schemes).

What the 正文 editor (disclosure/assets/editor.js) and the Word import produce is exactly what is
allowed here: paragraphs, headings h2–h4, bold/italic/underline, lists, links, tables and images.
An image must come from this site (a path such as /zdgk/fj/12/, never another host or a data: URL)
and must carry alt text (WCAG 2.1 SC 1.1.1, non-text content); any other image
is dropped."""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "hr",
    "span",
    "sub",
    "sup",
    "img",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}

# nh3 writes attributes as name="value" with `"` escaped, so an <img> tag of its output matches this.
_IMG_TAG = re.compile(r'<img(?:\s+[a-z-]+="[^"]*")*\s*/?>')
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')


def own_path(url: str) -> bool:
    """A path on this site: starts with one slash (not `//host`, no scheme, no backslash trick)."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not own_path(value):
        return None
    if attribute in ("colspan", "rowspan") and not value.isdigit():
        return None
    return value


def _keep_image(match: re.Match) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(0)))
    if not attributes.get("src") or not attributes.get("alt", "").strip():
        return ""
    return match.group(0)


def clean_html(html: str) -> str:
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return _IMG_TAG.sub(_keep_image, cleaned)
