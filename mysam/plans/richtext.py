"""Rich text of plan sections: a small markup written in a textarea, stored as safe HTML.

What a convener writes (the edit form shows the stored text back in this markup)::

    A paragraph. A single line break stays a line break.

    - a bullet
    - another, with **bold**, *emphasis* and [a link](https://example.se)

    1. a numbered item
    ### A heading (#### for a smaller one)

Pasted HTML is accepted too. Whatever comes in, what is stored and rendered has passed
``sanitize_html``: an allow-list of p, br, ul, ol, li, strong, em, a (href with http, https
or mailto only), h3 and h4. Scripts, styles, event attributes and ``javascript:`` links are
removed. Stored bodies are only ever produced by this module, so templates may mark them
safe; everything else that renders plan text must pass it through ``sanitize_html`` again.

``html_to_text`` gives plain text for exports and comparisons.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_HTML_TAG = re.compile(r"</?(p|br|ul|ol|li|strong|em|b|i|a|h[1-6]|div|span)\b[^>]*>", re.I)
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{3,4})\s+(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def sanitize_html(value: str) -> str:
    """HTML reduced to the allow-list; anything else (tags, attributes, schemes) removed."""
    # b and i are kept as their meaningful equivalents before cleaning drops them.
    value = re.sub(r"<(/?)b(\s[^>]*)?>", r"<\1strong>", value or "", flags=re.I)
    value = re.sub(r"<(/?)i(\s[^>]*)?>", r"<\1em>", value, flags=re.I)
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.strip()


def _inline(text: str) -> str:
    out = html.escape(text, quote=True)
    out = _LINK.sub(r'<a href="\2">\1</a>', out)
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    return _EM.sub(r"<em>\1</em>", out)


def markup_to_html(value: str) -> str:
    """Convert the textarea's markup (or pasted HTML) into sanitised HTML."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if _HTML_TAG.search(value):
        return sanitize_html(value)
    parts: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None

    def close_paragraph() -> None:
        if paragraph:
            parts.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            parts.append(f"</{list_tag}>")
            list_tag = None

    for raw in value.split("\n"):
        line = raw.rstrip()
        bullet, numbered, heading = _BULLET.match(line), _NUMBERED.match(line), _HEADING.match(line)
        if not line.strip():
            close_paragraph()
            close_list()
        elif heading:
            close_paragraph()
            close_list()
            tag = "h3" if len(heading.group(1)) == 3 else "h4"
            parts.append(f"<{tag}>{_inline(heading.group(2))}</{tag}>")
        elif bullet or numbered:
            close_paragraph()
            wanted = "ul" if bullet else "ol"
            if list_tag != wanted:
                close_list()
                parts.append(f"<{wanted}>")
                list_tag = wanted
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            parts.append(f"<li>{_inline(item)}</li>")
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return sanitize_html("".join(parts))


class _Writer(HTMLParser):
    """Walks sanitised HTML and writes it back as markup (``links=True``) or plain text."""

    def __init__(self, *, markup: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[list[int | str]] = []  # [tag, counter]
        self.href: str | None = None
        self.in_item = False

    def _flush(self, prefix: str = "") -> None:
        text = "".join(self.current).strip()
        self.current = []
        if text:
            self.blocks.append(prefix + text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "h3", "h4"}:
            self._flush()
            if self.markup and tag != "p":
                self.current.append("### " if tag == "h3" else "#### ")
        elif tag in {"ul", "ol"}:
            self._flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            if self.lists:
                self.lists[-1][1] = int(self.lists[-1][1]) + 1
        elif tag == "br":
            self.current.append("\n")
        elif tag == "strong" and self.markup:
            self.current.append("**")
        elif tag == "em" and self.markup:
            self.current.append("*")
        elif tag == "a":
            self.href = dict(attrs).get("href") or None
            if self.markup and self.href:
                self.current.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "h3", "h4"}:
            self._flush()
            self.blocks.append("")
        elif tag == "li":
            self._flush(self._item_prefix())
        elif tag in {"ul", "ol"}:
            self._flush()
            if self.lists:
                self.lists.pop()
            self.blocks.append("")
        elif tag == "strong" and self.markup:
            self.current.append("**")
        elif tag == "em" and self.markup:
            self.current.append("*")
        elif tag == "a":
            if self.href:
                self.current.append(f"]({self.href})" if self.markup else f" ({self.href})")
            self.href = None

    def _item_prefix(self) -> str:
        if not self.lists:
            return "- "
        tag, counter = self.lists[-1]
        if tag == "ol":
            return f"{counter}. "
        return "- " if self.markup else "– "

    def handle_data(self, data: str) -> None:
        self.current.append(data if self.current else data.lstrip())

    def result(self) -> str:
        self._flush()
        # Paragraphs, headings and lists are followed by a blank line; list items are not.
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.blocks)).strip()


def _write(value: str, *, markup: bool) -> str:
    writer = _Writer(markup=markup)
    writer.feed(sanitize_html(value))
    writer.close()
    return writer.result()


def html_to_markup(value: str) -> str:
    """Stored HTML back as the markup the edit form shows (round-trips markup_to_html)."""
    return _write(value, markup=True)


def html_to_text(value: str) -> str:
    """Stored HTML as plain text: paragraphs separated by blank lines, list items on their
    own lines ("– " or "1. "), links as "text (address)"."""
    return _write(value, markup=False)
