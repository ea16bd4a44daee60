"""Lay synonyms and brand names from knowledge/lexicon.yaml, matched as whole-word phrases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.knowledge import KnowledgeError, knowledge_path, line_of, load_yaml, require, string_list
from assistant.text import words


@dataclass(frozen=True)
class Expansion:
    """A phrase a patient may use, and the monograph words to search for instead."""

    phrase: tuple[str, ...]
    means: tuple[str, ...]
    kind: str  # "synonym", "brand", "medicine" (one the monograph never names), "itself" (the
    # drug itself: dropped), "filler" (words of conversation: removed before anything is matched),
    # "uncovered" (a topic the monograph lacks), "dose" (asks for an amount), "compare" (weighs
    # it against another medicine) or "pair" (asks about another medicine together with this
    # one: dropped)


@dataclass(frozen=True)
class Lexicon:
    expansions: dict[tuple[str, ...], Expansion]
    longest: int
    # the conditions baclofen treats ("ms", "spasticity"), and words that name the medicine by
    # its form ("tablets", "pump"): a question naming a condition and none of these asks about
    # the condition itself
    conditions: frozenset[tuple[str, ...]] = frozenset()
    drug_forms: frozenset[str] = frozenset()
    # British spellings as the monograph's American ones ("oe" → "e": "diarrhoea" → "diarrhea")
    spelling_variants: tuple[tuple[str, str], ...] = ()
    # real words the English word list lacks ("arent", "hadnt": contractions typed without the
    # apostrophe), never read as typos of others ("agent")
    known_words: frozenset[str] = frozenset()
    # words that point at the medicine without naming it ("does this work for heartburn")
    pointing_words: frozenset[str] = frozenset()
    # a brand of one form → the monograph's words for that form ("how do I take Lyvispah" asks
    # about the granules)
    brand_forms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def vocabulary(self) -> set[str]:
        """Every word of every lay phrase and brand name, and the known words (for typo
        correction)."""
        return {w for phrase in self.expansions for w in phrase} | self.known_words

    @property
    def other_medicines(self) -> set[str]:
        """Words naming another medicine: every one-word brand, generic or unlisted medicine. A
        name of several words ("cold and flu tablets") is matched as a phrase, never word by
        word: its words ("and", "tablets") name nothing on their own."""
        names = [e.phrase for e in self.expansions.values() if e.kind in ("brand", "medicine")]
        names += [tuple(words(m)) for e in self.expansions.values() if e.kind == "brand" for m in e.means]
        return {name[0] for name in names if len(name) == 1}

    def to_json(self) -> dict[str, Any]:
        """The expansions and word lists as JSON-ready values (the prebuilt index keeps them)."""
        return {"expansions": [[list(e.phrase), list(e.means), e.kind] for e in self.expansions.values()],
                "conditions": sorted(list(c) for c in self.conditions),
                "drug_forms": sorted(self.drug_forms),
                "spelling_variants": [list(pair) for pair in self.spelling_variants],
                "known_words": sorted(self.known_words),
                "pointing_words": sorted(self.pointing_words),
                "brand_forms": [[brand, list(forms)] for brand, forms in self.brand_forms]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        expansions = {tuple(phrase): Expansion(tuple(phrase), tuple(means), kind)
                      for phrase, means, kind in data["expansions"]}
        return cls(expansions, max((len(p) for p in expansions), default=1),
                   frozenset(tuple(c) for c in data["conditions"]), frozenset(data["drug_forms"]),
                   tuple((a, b) for a, b in data.get("spelling_variants", ())),
                   frozenset(data.get("known_words", ())), frozenset(data.get("pointing_words", ())),
                   tuple((brand, tuple(forms)) for brand, forms in data.get("brand_forms", ())))

    def names_condition(self, tokens: list[str]) -> bool:
        """Whether ``tokens`` name one of the conditions ("multiple sclerosis", "ms")."""
        return len(self.outside_conditions(tokens)) < len(tokens)

    def outside_conditions(self, tokens: list[str]) -> list[str]:
        """``tokens`` without the conditions they name."""
        inside: set[int] = set()
        by_first = self._conditions_by_first
        for i, token in enumerate(tokens):
            for condition in by_first.get(token, ()):
                size = len(condition)
                if i + size <= len(tokens) and tuple(tokens[i:i + size]) == condition:
                    inside.update(range(i, i + size))
        return [t for k, t in enumerate(tokens) if k not in inside]

    @cached_property
    def _conditions_by_first(self) -> dict[str, list[tuple[str, ...]]]:
        """The conditions by their first word (a message is looked up word by word, not
        against every condition)."""
        found: dict[str, list[tuple[str, ...]]] = {}
        for condition in self.conditions:
            if condition:
                found.setdefault(condition[0], []).append(condition)
        return found

    def reading_drug_as_it(self, drug_words: frozenset[str]) -> Lexicon:
        """The lexicon as questions are matched: a question's drug names are read as "it"
        ("when was baclofen approved" → "when was it approved"), so a phrase naming the drug
        is read the same way and still matches. The first phrase of a reading wins."""
        expansions: dict[tuple[str, ...], Expansion] = {}
        for phrase, expansion in self.expansions.items():
            read = tuple("it" if w in drug_words else w for w in phrase)
            expansions.setdefault(read, Expansion(read, expansion.means, expansion.kind))
        return Lexicon(expansions, self.longest, self.conditions, self.drug_forms, self.spelling_variants,
                       self.known_words, self.pointing_words, self.brand_forms)

    @cached_property
    def _first_words(self) -> frozenset[str]:
        return frozenset(phrase[0] for phrase in self.expansions if phrase)

    @cached_property
    def _fillers(self) -> Lexicon:
        only = {p: e for p, e in self.expansions.items() if e.kind == "filler"}
        return Lexicon(only, max((len(p) for p in only), default=1))

    def outside_fillers(self, tokens: list[str]) -> list[int]:
        """The positions of ``tokens`` outside filler phrases, so that the words around a filler
        meet: "how does it actually work" is read as "how does it work"."""
        dropped = {k for start, end, _ in self._fillers.match(tokens) for k in range(start, end)}
        return [k for k in range(len(tokens)) if k not in dropped]

    def match(self, tokens: list[str]) -> list[tuple[int, int, Expansion]]:
        """Greedy longest-first phrase matches as (start, end, expansion) spans."""
        found, i = [], 0
        first_words = self._first_words
        while i < len(tokens):
            if tokens[i] not in first_words:  # no phrase starts with this word
                i += 1
                continue
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                expansion = self.expansions.get(tuple(tokens[i : i + size]))
                if expansion:
                    found.append((i, i + size, expansion))
                    i += size
                    break
            else:
                i += 1
        return found


def load_lexicon(path: Path | None = None) -> Lexicon:
    path = path or knowledge_path("lexicon.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping with 'synonyms' and 'brands'")
    unknown = set(data) - {"itself", "fillers", "pair_words", "synonyms", "brands", "uncovered", "dose_words",
                           "compare_words", "unlisted_medicines", "conditions", "drug_forms",
                           "spelling_variants", "known_words", "pointing_words", "brand_forms"}
    require(not unknown, path, data, f"unknown keys: {', '.join(sorted(unknown))}")
    expansions: dict[tuple[str, ...], Expansion] = {}

    def add(phrase_text: str, means: list[str], kind: str, node: object) -> None:
        phrase = tuple(words(phrase_text))
        require(bool(phrase), path, node, f"phrase {phrase_text!r} has no words")
        if phrase in expansions and expansions[phrase].means != tuple(means):
            raise KnowledgeError(path, line_of(node), f"phrase {phrase_text!r} is defined twice")
        expansions[phrase] = Expansion(phrase, tuple(means), kind)

    for phrase_text in string_list(data.get("itself", ["it"]), path, data, "'itself'"):
        add(phrase_text, [], "itself", data)
    for phrase_text in string_list(data.get("pair_words", ["-"]), path, data, "'pair_words'"):
        if phrase_text != "-":  # asks about another medicine together with baclofen; no term
            add(phrase_text, [], "pair", data)
    for phrase_text in string_list(data.get("fillers", ["-"]), path, data, "'fillers'"):
        if phrase_text != "-":  # removed before matching: they carry no topic
            add(phrase_text, [], "filler", data)
    for phrase_text in string_list(data.get("uncovered", ["-"]), path, data, "'uncovered'"):
        if phrase_text != "-":
            add(phrase_text, [], "uncovered", data)
    for phrase_text in string_list(data.get("compare_words", ["-"]), path, data, "'compare_words'"):
        if phrase_text != "-":  # with another medicine: a comparison the monograph never makes
            add(phrase_text, [], "compare", data)
    if "dose_words" in data:
        dose = data["dose_words"]
        require(isinstance(dose, dict) and set(dose) == {"say", "means"}, path, dose,
                "'dose_words' has exactly 'say' and 'means'")
        means = string_list(dose["means"], path, dose, "'means'")
        for phrase_text in string_list(dose["say"], path, dose, "'say'"):
            add(phrase_text, means, "dose", dose)

    synonyms = data.get("synonyms", [])
    require(isinstance(synonyms, list), path, data, "'synonyms' must be a list")
    for entry in synonyms:
        require(isinstance(entry, dict), path, synonyms, "each synonym needs 'say' and 'means'")
        require(set(entry) == {"say", "means"}, path, entry,
                f"a synonym has exactly 'say' and 'means' (got {', '.join(map(str, entry))})")
        means = string_list(entry["means"], path, entry, "'means'")
        for phrase_text in string_list(entry["say"], path, entry, "'say'"):
            add(phrase_text, means, "synonym", entry)

    unlisted = data.get("unlisted_medicines", [])
    require(isinstance(unlisted, list), path, data, "'unlisted_medicines' must be a list")
    for entry in unlisted:
        require(isinstance(entry, dict) and set(entry) == {"say", "means"}, path, entry,
                "each unlisted medicine group has exactly 'say' and 'means'")
        means = string_list(entry["means"], path, entry, "'means'")
        for phrase_text in string_list(entry["say"], path, entry, "'say'"):
            add(phrase_text, means, "medicine", entry)

    brands = data.get("brands", {})
    require(isinstance(brands, dict), path, data, "'brands' must map a brand to its generic name")
    for brand, generic in brands.items():
        require(isinstance(brand, str) and isinstance(generic, str) and generic.strip() != "",
                path, brands, f"brand {brand!r} must map to a generic name")
        add(brand, [generic], "brand", brands)

    conditions = frozenset(tuple(words(p)) for p in string_list(data.get("conditions", ["-"]), path, data,
                                                                 "'conditions'") if p != "-")
    drug_forms = frozenset(w for p in string_list(data.get("drug_forms", ["-"]), path, data, "'drug_forms'")
                           if p != "-" for w in words(p))
    variants = data.get("spelling_variants") or []
    require(isinstance(variants, list) and all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) and x.isalpha() and x == x.lower() for x in v)
        for v in variants), path, data, "'spelling_variants' must be a list of [british, american] "
            "lower-case letter pairs")
    known_words = frozenset(string_list(data.get("known_words", ["-"]), path, data, "'known_words'")) - {"-"}
    require(all(w.isalpha() and w == w.lower() for w in known_words), path, data,
            "'known_words' must be lower-case words of letters")
    pointing_words = frozenset(string_list(data.get("pointing_words", ["-"]), path, data, "'pointing_words'")) - {"-"}
    require(all(w.isalpha() and w == w.lower() for w in pointing_words), path, data,
            "'pointing_words' must be lower-case words of letters")
    forms_node = data.get("brand_forms") or {}
    require(isinstance(forms_node, dict), path, data, "'brand_forms' must map a brand to the words of its form")
    brand_forms = []
    for brand, forms in forms_node.items():
        require(isinstance(brand, str) and brand.isalpha() and brand == brand.lower(), path, forms_node,
                f"brand_forms: {brand!r} must be one lower-case word")
        brand_forms.append((brand, tuple(string_list(forms, path, forms_node, f"brand_forms {brand!r}"))))
    return Lexicon(expansions, max((len(p) for p in expansions), default=1), conditions, drug_forms,
                   tuple((a, b) for a, b in variants), known_words, pointing_words, tuple(brand_forms))
