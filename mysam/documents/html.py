"""Sanitised rich text (HTML of paragraphs, lists, links, headings, bold and italic) read
into a flat list of blocks that Word export and text comparison can use without Django.

The input is the output of the plans' sanitiser, so it holds only a small set of tags;
anything else is read for its text. Whitespace is collapsed as a browser would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")


@dataclass
class Run:
    """A stretch of text with one formatting. ``text`` is ``"\\n"`` for a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass
class Block:
    """A paragraph (``p``), a heading (``h3``/``h4``) or a list item (``li``).

    A list item knows its depth (1 for a top-level list), whether its list is ordered and,
    if so, its number within that list.
    """

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    number: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()

    @property
    def marker(self) -> str:
        """``1.`` for an ordered list item, ``•`` for a bullet, ``""`` otherwise."""
        if self.kind != "li":
            return ""
        return f"{self.number}." if self.ordered else "•"


_HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_BLOCKS = {"p", "div", "blockquote", *_HEADINGS}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.bold = 0
        self.italic = 0
        self.href: list[str] = []
        # One entry per open list: [ordered, items so far].
        self.lists: list[list[int]] = []

    # -- helpers ----------------------------------------------------------------------
    def _close(self) -> None:
        if self.current is not None:
            runs = self.current.runs
            while runs and runs[-1].text != "\n" and not runs[-1].text.strip():
                runs.pop()
            if runs and runs[-1].text != "\n":
                runs[-1].text = runs[-1].text.rstrip()
            if self.current.text or self.current.kind == "li":
                self.blocks.append(self.current)
        self.current = None

    def _open(self, kind: str) -> Block:
        self._close()
        if kind == "li" and self.lists:
            ordered, count = self.lists[-1]
            self.lists[-1][1] = count + 1
            self.current = Block(
                "li", level=len(self.lists), ordered=bool(ordered), number=count + 1
            )
        else:
            self.current = Block(kind)
        return self.current

    # -- parser callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._close()
            self.lists.append([1 if tag == "ol" else 0, 0])
        elif tag == "li":
            self._open("li")
        elif tag in _BLOCKS:
            self._open(_HEADINGS.get(tag, "p"))
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")
        elif tag == "br":
            if self.current is None:
                self._open("p")
            assert self.current is not None  # noqa: S101 - for the type checker
            self.current.runs.append(Run("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCKS:
            self._close()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a" and self.href:
            self.href.pop()

    def handle_data(self, data: str) -> None:
        text = _SPACE.sub(" ", data)
        if not text.strip() and (self.current is None or not self.current.runs):
            return
        if self.current is None:
            self._open("p")
        assert self.current is not None  # noqa: S101 - for the type checker
        runs = self.current.runs
        if not runs or runs[-1].text == "\n":
            text = text.lstrip()
        elif runs[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not text:
            return
        run = Run(
            text,
            bold=self.bold > 0,
            italic=self.italic > 0,
            href=self.href[-1] if self.href else "",
        )
        last = runs[-1] if runs else None
        if (
            last is not None
            and (last.bold, last.italic, last.href)
            == (
                run.bold,
                run.italic,
                run.href,
            )
            and last.text != "\n"
        ):
            last.text += run.text
        else:
            runs.append(run)

    def close(self) -> None:
        super().close()
        self._close()


def read_blocks(html: str) -> list[Block]:
    """The blocks of a piece of sanitised HTML, in document order."""
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader.blocks


def html_to_lines(html: str) -> list[str]:
    """Plain text, one line per paragraph, heading or list item (items keep their marker
    and are indented by depth), for comparing two texts word by word."""
    lines = []
    for block in read_blocks(html):
        text = _SPACE.sub(" ", block.text)
        if block.kind == "li":
            text = "  " * (block.level - 1) + f"{block.marker} {text}".rstrip()
        lines.append(text)
    return lines
