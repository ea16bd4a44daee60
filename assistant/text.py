"""Text normalisation, tokenising and stemming (NLTK's Snowball stemmer, which needs no data)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import threading
import types
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.knowledge import knowledge_dir, read_text
from assistant.stem_cache import StemTable

_REFERENCE_MARKERS = re.compile(r"\s*(?<![\d(\-\u2010-\u2015])\d{1,2}\)(?:,\s*\d{1,2}\))*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_WHITESPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?(?:\.[0-9]+)?")
_UNITS = re.compile(r"(?<=\d)(?=[a-z])")  # "200mg" reads as "200 mg"


STEMS = StemTable()


def strip_reference_markers(text: str) -> str:
    """Drop citation markers such as ``13)`` or ``1), 2), 3)`` and the space left before a stop."""
    return _REFERENCE_MARKERS.sub("", text).replace(" .", ".")


@lru_cache(maxsize=1024)  # replays compare the same quotes again and again (in memory only)
def normalise(text: str) -> str:
    """The comparison form used for quote checks: NFKC, lower case, plain quotes and dashes,
    no reference markers, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub("-", text)
    text = strip_reference_markers(text).lower()
    return _WHITESPACE.sub(" ", text).strip()


_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")  # a sentence with the marks that end it


def sentences(text: str) -> list[str]:
    """A message's sentences, each with the marks that end it ("Is it safe?" keeps its "?")."""
    return [s for s in _SENTENCE.findall(text) if s.strip()]


WORDS_KEPT = 16  # texts whose words are remembered, in memory only (a message is read often)


def words(text: str) -> list[str]:
    """Lower-case word tokens; possessives and contractions lose their ending."""
    if len(text) > 5000:
        return _words(text)
    return list(_remembered_words(text))


@lru_cache(maxsize=WORDS_KEPT)
def _remembered_words(text: str) -> tuple[str, ...]:
    return tuple(_words(text))


def _words(text: str) -> list[str]:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    found = _TOKEN.findall(_UNITS.sub(" ", text.lower()))
    return [w.split("'", 1)[0] for w in found]


_NLTK_LOCK = threading.Lock()


UNREADABLE_SHARE = 0.1  # of a message's characters: bytes that were not text, control codes


def unreadable(message: str) -> bool:
    """Whether a message is mostly not text (binary bytes read as "\ufffd", control codes):
    nothing in it is a question to answer."""
    odd = sum(ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\n\r")
              for ch in message)
    return len(message) >= 8 and odd >= UNREADABLE_SHARE * len(message)


@lru_cache(maxsize=1)
def _snowball() -> Any:
    """NLTK's English Snowball stemmer, imported lazily and without ``nltk/__init__``: that
    imports most of NLTK (and numpy), about 0.4 s, while the stemmer's own modules
    (``nltk.stem.snowball`` and the few it needs) load in a few milliseconds."""
    with _NLTK_LOCK:
        if "nltk" not in sys.modules:
            try:
                return _snowball_alone()
            except Exception:
                pass
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer("english")


def _snowball_alone() -> Any:
    """Load ``nltk/stem/snowball.py`` under empty stand-ins for the ``nltk``, ``nltk.stem`` and
    ``nltk.corpus`` packages (their ``__init__`` is what is slow; the stopword corpus is used
    only with ``ignore_stopwords=True``), then take every ``nltk`` module loaded so out of
    ``sys.modules``: a later ``import nltk`` gets the real, complete package."""
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk")
    root = list(spec.submodule_search_locations)[0]
    before = set(sys.modules)
    try:
        for name, folder in (("nltk", root), ("nltk.stem", os.path.join(root, "stem")),
                             ("nltk.corpus", os.path.join(root, "corpus"))):
            stand_in = types.ModuleType(name)
            stand_in.__path__ = [folder]
            sys.modules[name] = stand_in
        sys.modules["nltk.corpus"].stopwords = None  # type: ignore[attr-defined]
        snowball = importlib.import_module("nltk.stem.snowball")
        return snowball.SnowballStemmer("english")
    finally:
        for name in set(sys.modules) - before:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]


def _snowball_stem(word: str) -> str:
    return str(_snowball().stem(word))


def use_vocabulary(directory: Path | None = None) -> None:
    """Load the stems of the knowledge files' words (computed from those files alone)."""
    STEMS.use(directory or knowledge_dir(), _snowball_stem, words)


def stem(word: str) -> str:
    """Snowball stem of one lower-case word (``overdosing`` → ``overdos``). The knowledge's own
    words come from a precomputed table, so a typical question is answered without importing
    NLTK; any other word is stemmed in memory only (a bounded LRU), never stored."""
    if not STEMS.loaded:
        use_vocabulary()
    return STEMS.get(word, _snowball_stem)


def content_stems(tokens: list[str], skip: frozenset[str]) -> list[str]:
    """Stems of the tokens that are not in ``skip`` (stopwords, the drug's own names)."""
    return [stem(w) for w in tokens if w not in skip]


def load_word_list(path: Path) -> frozenset[str]:
    """A plain word list: one word per line, ``#`` starts a comment."""
    lines = read_text(path).splitlines()  # errors name the file
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip().lower()))

