"""Messages that are not questions (knowledge/smalltalk.yaml): greetings, thanks, goodbyes,
help, and "show all". Matched as the WHOLE message only, never a phrase inside a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge import KnowledgeError, knowledge_path, load_yaml, require, string_list
from assistant.text import words

KINDS = ("greeting", "thanks", "goodbye", "help", "show_all")


def _key(text: str) -> str:
    """A message as compared: its words, or for a message of only punctuation ("??"), "?"."""
    said = " ".join(words(text))
    if said:
        return said
    return re.sub(r"\?+", "?", "".join(text.split()))


@dataclass(frozen=True)
class SmallTalk:
    phrases: dict[str, str]  # the message as compared → kind

    def kind(self, message: str) -> str | None:
        if len(message) > 200:
            return None
        return self.phrases.get(_key(message))


def load_small_talk(path: Path | None = None) -> SmallTalk:
    path = path or knowledge_path("smalltalk.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, f"expected a mapping with {', '.join(KINDS)}")
    unknown = set(data) - set(KINDS)
    require(not unknown, path, data, f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
    phrases: dict[str, str] = {}
    for kind in KINDS:
        for phrase in string_list(data.get(kind), path, data, f"{kind!r}"):
            key = _key(phrase)
            if phrases.get(key, kind) != kind:
                raise KnowledgeError(path, getattr(data.get(kind), "line", None),
                                     f"{phrase!r} is both {phrases[key]!r} and {kind!r}")
            phrases[key] = kind
    return SmallTalk(phrases)
