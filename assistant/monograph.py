"""The monograph in knowledge/ (Markdown with YAML front matter) → sections → passages.

A passage is one paragraph, or one bullet list together with its lead-in (the paragraph
just before it in the same section, typically ending in a colon). Passage ids are ``<section-slug>-<n>``: stable as long as
the section's text is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from assistant.knowledge import KnowledgeError, knowledge_path, parse_yaml, read_text

BULLET = "•"
ELLIPSIS = "…"
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*$")
_ITEM = re.compile(r"^( *)- (.+)$")


@dataclass(frozen=True)
class ListItem:
    """One bullet with its continuation lines and nested bullets, as display lines."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Passage:
    id: str
    section: str
    headings: tuple[str, ...]  # the heading path, outermost first
    lead: tuple[str, ...]  # paragraph lines (the lead-in of a list)
    items: tuple[ListItem, ...] = ()

    @cached_property
    def text(self) -> str:
        """The whole passage as shown to a user: verbatim lines, bullets as ``•``."""
        return "\n".join(self.lead + tuple(line for item in self.items for line in item.lines))


@dataclass(frozen=True)
class Monograph:
    drug: str
    title: str
    brand_names: tuple[str, ...]
    source: str
    passages: tuple[Passage, ...]

    def passage(self, passage_id: str) -> Passage:
        return self._by_id[passage_id]

    @cached_property
    def _by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


@dataclass
class _Builder:
    path: Path
    passages: list[Passage] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    items: list[list[str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    held: bool = False
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)  # heading path → its line

    def heading(self, level: int, text: str, line: int) -> None:
        self.flush()
        if level == 1:
            self.headings = [text]
        elif level == 2:
            self.headings = self.headings[:1] + [text]
        else:
            if len(self.headings) < 2:
                raise KnowledgeError(self.path, line, "### sub-heading outside a ## section")
            self.headings = self.headings[:2] + [text]
        # passage ids, rules and FAQ pins name sections: two of the same would swap answers
        path = tuple(self.headings)
        if path in self.seen:
            raise KnowledgeError(self.path, line, f"heading {text!r} repeats the one on line "
                                 f"{self.seen[path]}; headings must be unique")
        self.seen[path] = line

    def text_line(self, text: str, line: int) -> None:
        if not self.headings:
            raise KnowledgeError(self.path, line, "text before the first heading")
        if self.items or self.held:
            self.flush()
        self.paragraph.append(text)

    def item(self, depth: int, text: str, line: int) -> None:
        if not self.headings:
            raise KnowledgeError(self.path, line, "list before the first heading")
        if not self.items:
            self.start_list()
        if depth and not self.items:
            raise KnowledgeError(self.path, line, "nested bullet without a parent bullet")
        if depth:
            self.items[-1].append("  " * depth + f"{BULLET} {text}")
        else:
            self.items.append([f"{BULLET} {text}"])

    def continuation(self, text: str, line: int) -> None:
        if not self.items:
            raise KnowledgeError(self.path, line, "indented line outside a list")
        self.items[-1].append("  " + text)

    def start_list(self) -> None:
        """A list takes the paragraph just before it (same section) as its lead-in."""
        self.lead, self.paragraph = self.paragraph, []
        self.held = False

    def end_paragraph(self) -> None:
        self.held = False
        if self.paragraph:
            self.add(tuple(self.paragraph), ())
            self.paragraph = []

    def blank(self) -> None:
        """A blank line ends a paragraph, held back in case it is the lead-in of a list."""
        self.held = bool(self.paragraph)

    def flush(self) -> None:
        self.end_paragraph()
        if self.items:
            self.add(tuple(self.lead), tuple(ListItem(tuple(i)) for i in self.items))
            self.lead, self.items = [], []

    def add(self, lead: tuple[str, ...], items: tuple[ListItem, ...]) -> None:
        section = self.headings[-1]
        key = slug(" ".join(self.headings[1:]) or section)
        self.counts[key] = self.counts.get(key, 0) + 1
        self.passages.append(
            Passage(f"{key}-{self.counts[key]}", section, tuple(self.headings), lead, items)
        )


def parse_monograph(text: str, path: Path) -> Monograph:
    """Parse the Markdown monograph; malformed structure raises KnowledgeError with a line."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise KnowledgeError(path, 1, "expected YAML front matter starting with '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise KnowledgeError(path, 1, "front matter is not closed with '---'") from None
    meta = parse_yaml("\n" + "\n".join(lines[1:end]), path)  # keeps the file's line numbers
    if not isinstance(meta, dict) or not isinstance(meta.get("drug"), str):
        raise KnowledgeError(path, 2, "front matter must be a mapping with 'drug'")
    brands = meta.get("brand_names", [])
    if not isinstance(brands, list) or not all(isinstance(b, str) for b in brands):
        raise KnowledgeError(path, 2, "front matter 'brand_names' must be a list of names")

    builder = _Builder(path)
    for number, raw in enumerate(lines[end + 1 :], start=end + 2):
        if not raw.strip():
            builder.blank()
        elif heading := _HEADING.match(raw):
            builder.heading(len(heading.group(1)), heading.group(2), number)
        elif item := _ITEM.match(raw):
            builder.item(len(item.group(1)) // 2, item.group(2).strip(), number)
        elif raw.startswith("  "):
            builder.continuation(raw.strip(), number)
        else:
            builder.text_line(raw.strip(), number)
    builder.flush()
    if not builder.passages:
        raise KnowledgeError(path, None, "the monograph has no passages")
    return Monograph(
        drug=meta["drug"],
        title=str(meta.get("title", meta["drug"])),
        brand_names=tuple(brands),
        source=str(meta.get("source", "")),
        passages=tuple(builder.passages),
    )


def load_monograph(path: Path | None = None) -> Monograph:
    path = path or knowledge_path("baclofen.md")
    return parse_monograph(read_text(path), path)
