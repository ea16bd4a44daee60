"""Escalation: red-flag rules from knowledge/escalation.yaml, checked before any retrieval.

A rule fires when one of its patterns matches the message and none of its guards (negation,
hypothetical framing) stands before the match in the same clause. Reported amounts above the
monograph's daily maximum count as an overdose. Rules are validated on load: a broken rules
file stops the program with an error naming file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from assistant.knowledge import KnowledgeError, knowledge_path, line_of, load_yaml, require, string_list
from assistant.spelling import SpellingCorrector
from assistant.text import normalise

LEVELS = ("emergency", "urgent")  # most severe first; "none" is the absence of a rule
_CLAUSE_END = re.compile(r"[.!?;,\n]|\bbut\b|\bthough\b")
_WORD = re.compile(r"[a-z]+")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100}
_AMOUNT = r"(\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"


def _number(amount: str) -> float:
    return float(_NUMBER_WORDS.get(amount) or amount)


@dataclass(frozen=True)
class Escalation:
    """The outcome of the red-flag check: level is "emergency", "urgent" or "none"."""

    level: str
    rule: str | None = None
    message: tuple[str, ...] = ()  # the contact message, filled in for the user's region
    quote: str | None = None  # id of a passage to show under the message

    @property
    def escalated(self) -> bool:
        return self.level != "none"


NO_ESCALATION = Escalation("none")


@dataclass(frozen=True)
class Guard:
    """Cues that stop a rule firing, each searched in part of the red flag's clause: the text
    ``before`` the flag, the text ``until`` its end, the flag's words (``inside``), the text
    ``after`` it, or the whole ``clause``."""

    before: re.Pattern[str] | None = None
    until: re.Pattern[str] | None = None
    inside: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    clause: re.Pattern[str] | None = None

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(p for p in vars(self).values() if p)


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    message: str
    patterns: tuple[re.Pattern[str], ...]
    also: tuple[re.Pattern[str], ...]
    guards: tuple[str, ...]
    quote: str | None


@dataclass(frozen=True)
class DoseRule:
    id: str
    level: str
    message: str
    quote: str | None
    guards: tuple[str, ...]
    max_daily_mg: float
    largest_tablet_mg: float
    amounts: tuple[re.Pattern[str], ...]  # "took 200 mg", "10 pills", "6 x 20mg", "took 12"
    taken_it: re.Pattern[str]  # "I already took it"
    anywhere: tuple[re.Pattern[str], re.Pattern[str]]  # amounts in mg or tablets, no verb


class Escalator:
    """Checks a message against the rules; `check` never consults the retriever."""

    def __init__(self, rules: list[Rule], dose_rule: DoseRule | None,
                 guards: dict[str, Guard], messages: dict[str, tuple[str, ...]],
                 rewrites: dict[str, str], known_words: Iterable[str] = ()) -> None:
        self.rules = rules
        self.dose_rule = dose_rule
        self.guards = guards
        self.messages = messages
        self.rewrites = rewrites
        # misspellings are corrected towards the words of the rules' patterns only; other
        # known words (the monograph's, the guards') are never "corrected"
        vocabulary: dict[str, int] = {}
        for rule in rules:
            for pattern in rule.patterns + rule.also:
                vocabulary.update({w: 1 for w in _WORD.findall(pattern.pattern) if len(w) >= 4})
        guard_words = {w for g in guards.values() for p in g.patterns
                       for w in _WORD.findall(p.pattern)}
        self.speller = SpellingCorrector(vocabulary, protected={*known_words, *guard_words})

    def plain(self, message: str) -> str:
        """The form patterns are written for: lower case, no apostrophes, typos corrected."""
        text = normalise(message)
        for old, new in self.rewrites.items():
            text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)
        text = text.replace("'", "").replace("-", " ")  # "2-year-old" → "2 year old"
        return _WORD.sub(lambda m: self.speller.correct(m.group()) or m.group(), text)

    def check(self, message: str) -> tuple[Rule | DoseRule, re.Match[str]] | None:
        """The most severe rule that fires on ``message``, with its match. The dose check
        comes after the other emergency rules (so self-harm still gets the crisis line)."""
        text = self.plain(message)
        for level in LEVELS:
            for rule in (r for r in self.rules if r.level == level):
                if match := self._fires(rule, text):
                    return rule, match
            if level == "emergency" and self.dose_rule and (found := self._dose_report(text)):
                return found
        return None

    def _fires(self, rule: Rule, text: str) -> re.Match[str] | None:
        """The first unguarded match of the rule's patterns, if its `all` patterns hold."""
        if not all(p.search(text) for p in rule.also):
            return None
        for pattern in rule.patterns:
            for match in pattern.finditer(text):
                if not self._guarded(text, match, rule.guards):
                    return match
        return None

    def _guarded(self, text: str, match: re.Match[str], guards: tuple[str, ...]) -> bool:
        """True when one of the guards' cues is found in its part of the match's clause."""
        before = text[: match.start()]
        before = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0):]
        rest = text[match.end():]
        end = _CLAUSE_END.search(rest)
        after = rest[: end.start()] if end else rest
        parts = {"before": before, "until": before + match.group(), "inside": match.group(),
                 "after": after, "clause": before + match.group() + after}
        return any(pattern.search(parts[part])
                   for name in guards
                   for part, pattern in vars(self.guards[name]).items() if pattern)

    def _dose_report(self, text: str) -> tuple[DoseRule, re.Match[str]] | None:
        rule = self.dose_rule
        assert rule is not None
        milligrams, tablets, multiplied, bare = rule.amounts
        tablet = rule.largest_tablet_mg
        for pattern, scale in ((multiplied, None), (milligrams, 1.0), (tablets, tablet), (bare, tablet)):
            for match in pattern.finditer(text):
                value = _number(match.group("amount")) * (
                    scale if scale is not None else _number(match.group("count")))
                if value > rule.max_daily_mg and not self._guarded(text, match, rule.guards):
                    return rule, match
        # "is 150mg dangerous? I already took it": the amount and the taking in separate places
        for match in rule.taken_it.finditer(text):
            if self._guarded(text, match, rule.guards):
                continue
            mg_named, tablets_named = rule.anywhere
            named = [_number(m.group("amount")) for m in mg_named.finditer(text)]
            named += [_number(m.group("amount")) * tablet for m in tablets_named.finditer(text)]
            if any(value > rule.max_daily_mg for value in named):
                return rule, match
        return None


def _alternatives(pattern: Any) -> Any:
    """A list of patterns reads as one pattern matching any of them."""
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern):
        return "|".join(f"(?:{p})" for p in pattern)
    return pattern


def _compile(pattern: Any, path: Path, node: Any, what: str) -> re.Pattern[str]:
    require(isinstance(pattern, str) and pattern.strip() != "", path, node,
            f"{what} must be a non-empty regular expression")
    try:
        return re.compile(pattern)
    except re.error as error:
        raise KnowledgeError(path, line_of(node), f"{what} {pattern!r} is not a valid "
                             f"regular expression: {error}") from None


def _rule_common(entry: dict, path: Path, guards: dict, messages: dict, what: str) -> dict:
    require(isinstance(entry.get("id"), str) and entry["id"].strip() != "", path, entry,
            f"{what} needs an 'id'")
    rid = entry["id"]
    require(entry.get("level") in LEVELS, path, entry,
            f"rule {rid!r}: level must be one of {', '.join(LEVELS)}, got {entry.get('level')!r}")
    require(entry.get("message") in messages, path, entry,
            f"rule {rid!r}: message must be one of {', '.join(messages)}, "
            f"got {entry.get('message')!r}")
    unless = string_list(entry["unless"], path, entry, "'unless'") if entry.get("unless") else []
    for guard in unless:
        require(guard in guards, path, entry, f"rule {rid!r}: unknown guard {guard!r}")
    quote = entry.get("quote")
    require(quote is None or isinstance(quote, str), path, entry, f"rule {rid!r}: bad 'quote'")
    return {"id": rid, "level": entry["level"], "message": entry["message"],
            "guards": tuple(unless), "quote": quote}


def load_escalator(path: Path | None = None, known_words: Iterable[str] = ()) -> Escalator:
    path = path or knowledge_path("escalation.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping with 'rules'")
    allowed = {"rewrite", "guards", "messages", "rules", "dose_reports"}
    unknown = set(data) - allowed
    require(not unknown, path, data, f"unknown keys: {', '.join(sorted(unknown))}")

    guards_node = data.get("guards") or {}
    require(isinstance(guards_node, dict), path, data, "'guards' must map names to patterns")
    guards = {}
    for name, spec in guards_node.items():
        parts = ("before", "until", "inside", "after", "clause")
        require(isinstance(spec, dict) and bool(spec) and set(spec) <= set(parts), path,
                guards_node, f"guard {name!r} needs one or more of {', '.join(parts)}")
        guards[name] = Guard(**{part: _compile(_alternatives(pattern), path, spec, f"guard {name!r}")
                                for part, pattern in spec.items()})

    messages_node = data.get("messages")
    require(isinstance(messages_node, dict) and bool(messages_node), path, data,
            "'messages' must map message names to lists of lines")
    messages = {name: tuple(string_list(lines, path, messages_node, f"message {name!r}"))
                for name, lines in messages_node.items()}

    rewrites = data.get("rewrite") or {}
    require(isinstance(rewrites, dict) and all(isinstance(v, str) for v in rewrites.values()),
            path, data, "'rewrite' must map text to its replacement")

    rules_node = data.get("rules")
    require(isinstance(rules_node, list) and bool(rules_node), path, data,
            "'rules' must be a non-empty list")
    rules, seen = [], set()
    for entry in rules_node:
        require(isinstance(entry, dict), path, rules_node, "each rule must be a mapping")
        extra = set(entry) - {"id", "level", "message", "match", "all", "unless", "quote"}
        require(not extra, path, entry, f"unknown keys in rule: {', '.join(sorted(extra))}")
        common = _rule_common(entry, path, guards, messages, "a rule")
        require(common["id"] not in seen, path, entry, f"duplicate rule id {common['id']!r}")
        seen.add(common["id"])
        patterns = string_list(entry.get("match"), path, entry, f"rule {common['id']!r}: 'match'")
        also = string_list(entry["all"], path, entry, "'all'") if entry.get("all") else []
        rules.append(Rule(
            patterns=tuple(_compile(p, path, entry, "pattern") for p in patterns),
            also=tuple(_compile(p, path, entry, "pattern") for p in also),
            **common))

    dose_rule = None
    if (dose := data.get("dose_reports")) is not None:
        require(isinstance(dose, dict), path, data, "'dose_reports' must be a mapping")
        common = _rule_common(dose, path, guards, messages, "'dose_reports'")
        for key in ("max_daily_mg", "largest_tablet_mg"):
            require(isinstance(dose.get(key), (int, float)) and dose[key] > 0, path, dose,
                    f"'dose_reports': {key} must be a positive number")
        verbs, mg, tablets, bare_end, taken_it = (
            _compile(dose.get(key), path, dose, f"'dose_reports' {key}").pattern
            for key in ("verbs", "milligrams", "tablets", "bare_count_end", "taken_it"))
        amounts = (
            re.compile(rf"{verbs}.{{0,30}}?\b(?P<amount>{_AMOUNT}) ?{mg}\b"),
            re.compile(rf"{verbs}.{{0,30}}?\b(?P<amount>{_AMOUNT}) (of (my|his|her|the) )?"
                       rf"(baclofen )?{tablets}\b"),
            re.compile(rf"{verbs}.{{0,30}}?\b(?P<count>{_AMOUNT})( ?(x|times|\*) ?| | of (my|his|her|the) )"
                       rf"(?P<amount>{_AMOUNT}) ?{mg}\b"),
            # a hedged count with no unit ("I took like 12"): people hedge a count of pills,
            # not their prescribed dose ("I took 10" usually means 10 mg)
            re.compile(rf"{verbs} (like|about|around|maybe|approximately|roughly|over|at least) "
                       rf"(?P<amount>{_AMOUNT}){bare_end}"),
        )
        anywhere = (re.compile(rf"\b(?P<amount>{_AMOUNT}) ?{mg}\b"),
                    re.compile(rf"\b(?P<amount>{_AMOUNT}) (baclofen )?{tablets}\b"))
        dose_rule = DoseRule(max_daily_mg=float(dose["max_daily_mg"]),
                             largest_tablet_mg=float(dose["largest_tablet_mg"]),
                             amounts=amounts, taken_it=re.compile(taken_it), anywhere=anywhere,
                             **common)
    return Escalator(rules, dose_rule, guards, messages, rewrites, known_words)
