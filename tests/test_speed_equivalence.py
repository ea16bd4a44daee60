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
