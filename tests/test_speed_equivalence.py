"""Issue 14: shortcuts taken for speed give the very results of the slower way."""

import random
import re

from assistant.text import words


def test_definition_sentences_found_through_the_lower_case_copy_equal_a_case_blind_search(assistant):
    definitions = assistant._definitions
    joined, lowered, starts = definitions._joined
    assert lowered is not None  # the monograph allows the fast search
    vocabulary = sorted({w for p in assistant.knowledge.monograph.passages for w in words(p.text)})
    chooser = random.Random(1)
    terms = vocabulary[::7] + [" ".join(chooser.sample(vocabulary, 2)) for _ in range(100)]
    terms += ["baclofen used for", "side effects", "SPASTICITY", "muscle   stiffness", "x.y"]
    for term in terms:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in term.split()), re.IGNORECASE)
        expected = [entry for entry in definitions._sentences if pattern.search(entry[2])]
        assert definitions._holding(term) == expected, term


def _plain_ends(book, words, name, i, memo):
    """Where phrases of list ``name`` starting at word ``i`` end: every phrase tried, element by
    element, with no index (the phrase language of assistant/phrases.py, read literally)."""
    from assistant.phrases import SENTENCE_BREAKS, is_number

    if (name, i) in memo:
        return memo[name, i]
    ends = set()
    for phrase in book._phrases(name):
        positions = {i}
        for kind, value in phrase:
            following = set()
            for p in positions:
                if kind == "start":
                    following |= {p} if p == 0 or words[p - 1] in SENTENCE_BREAKS else set()
                elif kind == "list":
                    following |= _plain_ends(book, words, value, p, memo)
                elif p < len(words) and (
                        (kind == "word" and words[p] == value)
                        or (kind == "prefix" and words[p].startswith(value) and words[p].isalpha())
                        or (kind == "number" and is_number(words[p]))
                        or (kind == "any" and words[p].isalnum())):
                    following.add(p + 1)
            positions = following
        ends |= positions
    memo[name, i] = ends
    return ends


def test_indexed_phrase_matching_equals_trying_every_phrase(assistant):
    import yaml

    from tests.conftest import DATA

    messages = [case["question"] for path in sorted(DATA.glob("*.yaml"))
                for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
                if isinstance(case, dict)]
    messages = random.Random(4).sample(messages, 60)
    escalator = assistant.knowledge.escalator
    messages += [m for rule in escalator.rules for m in rule.fires[:1]]
    for message in messages:
        for language in escalator.languages.values():
            said = language.words(message)
            reader = language.book.read(said)
            memo = {}
            for name in language.book.names:
                expected, last_end = [], 0
                for i in range(len(said)):
                    ends = _plain_ends(language.book, said, name, i, memo) if i >= last_end else ()
                    if ends:
                        last_end = max(ends)
                        expected.append((i, last_end))
                assert [(s.start, s.end) for s in reader.spans(name)] == expected, (message, name)
