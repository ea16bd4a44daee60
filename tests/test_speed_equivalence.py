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


def test_the_banded_distance_equals_the_full_one_within_the_limit():
    from assistant.spelling import distance_within, osa_distance

    chooser = random.Random(2)
    for _ in range(6_000):
        a = "".join(chooser.choice("abcd") for _ in range(chooser.randint(0, 9)))
        b = list(a)
        for _ in range(chooser.randint(0, 3)):  # a few edits, so most pairs are close
            k = chooser.randint(0, max(0, len(b) - 1))
            choice = chooser.randint(0, 3)
            if choice == 0 and b:
                b[k] = chooser.choice("abcd")
            elif choice == 1:
                b.insert(k, chooser.choice("abcd"))
            elif choice == 2 and b:
                del b[k]
            elif k + 1 < len(b):
                b[k], b[k + 1] = b[k + 1], b[k]
        for limit in (1, 2, 3):
            full, banded = osa_distance(a, "".join(b), limit), distance_within(a, "".join(b), limit)
            assert (full <= limit and banded == full) or (full > limit and banded > limit)


def _scanned_correction(speller, word):
    """SpellingCorrector's search as it was: every vocabulary word of the same first or second
    letter and a length within reach, tested one by one."""
    from assistant.spelling import allowed_distance, letter_mask, osa_distance

    limit = allowed_distance(word, speller._short_words)
    best = None
    for candidate in speller._frequencies:
        if len(candidate) < 4 or abs(len(candidate) - len(word)) > limit or not (
                candidate[0] == word[0] or candidate[1] == word[1]):
            continue
        letters, other = letter_mask(word), letter_mask(candidate)
        if (letters & ~other).bit_count() > limit or (other & ~letters).bit_count() > limit:
            continue
        distance = osa_distance(word, candidate, limit)
        if distance <= limit:
            common = speller._frequency(candidate) if speller._frequency else 0
            rank = (distance, -speller._frequencies[candidate], -common, candidate)
            best = min(best, rank) if best else rank
    return best


def test_the_candidate_sets_find_what_a_scan_of_the_vocabulary_finds(assistant):
    from assistant.spelling import _Candidates, allowed_distance

    spellers = [assistant.knowledge.retriever.reader.speller,
                assistant.knowledge.escalator.languages["en"].speller]
    chooser = random.Random(3)
    for speller in spellers:
        vocabulary = sorted(speller._frequencies)
        index = _Candidates(speller._frequencies)  # what the speller uses after a few searches
        typed = []
        for _ in range(250):
            word = list(chooser.choice(vocabulary))
            for _ in range(chooser.randint(0, 3)):
                k = chooser.randint(0, len(word) - 1)
                choice, letter = chooser.randint(0, 2), chooser.choice("abcdeilmnorstuz")
                if choice == 0:
                    word[k] = letter
                elif choice == 1:
                    word.insert(k, letter)
                elif len(word) > 1:
                    del word[k]
            typed.append("".join(word))
        typed += ["".join(chooser.choice("bdkmst") + chooser.choice("aeiou") for _ in range(4))
                  for _ in range(60)]
        for word in typed:
            limit = allowed_distance(word, speller._short_words)
            if not limit:
                continue
            assert sorted(index.near(word, limit)) == sorted(speller._scan(word, limit)), word
            assert speller._closest(word, limit) == _scanned_correction(speller, word), word


def _plain_ends(phrases, words, name, i, memo):
    """Where phrases of list ``name`` starting at word ``i`` end: every phrase tried, element by
    element, with no index (the phrase language of assistant/phrases.py, read literally).
    ``phrases``: every list's phrases as ``book.phrases`` gives them, parsed once per book."""
    from assistant.phrases import MARKS, SENTENCE_BREAKS, is_number

    if (name, i) in memo:
        return memo[name, i]
    ends = set()
    for phrase in phrases[name]:
        positions = {i}
        for kind, value in phrase:
            following = set()
            for p in positions:
                if kind == "start":
                    following |= {p} if p == 0 or words[p - 1] in SENTENCE_BREAKS else set()
                elif kind == "marks":
                    q = p
                    while q < len(words) and words[q] in MARKS:
                        q += 1
                    following.add(q)
                elif kind == "list":
                    following |= _plain_ends(phrases, words, value, p, memo)
                elif p < len(words) and (
                        (kind == "word" and words[p] == value)
                        or (kind == "prefix" and words[p].startswith(value) and words[p].isalpha())
                        or (kind == "number" and is_number(words[p]))
                        or (kind == "any" and words[p].isalnum())):
                    following.add(p + 1)
            positions = following
            if not positions:  # nothing left to follow: the phrase cannot match from ``i``
                break
        ends |= positions
    memo[name, i] = ends
    return ends


def test_indexed_phrase_matching_equals_trying_every_phrase(assistant):
    from assistant.read_sets import cases

    messages = [case["question"] for name in ("dev-set", "escalation-messages", "escalation-unseen-38",
                                              "escalation-attack-9", "retrieval-unseen-5")
                for case in cases(name)]
    messages = random.Random(4).sample(messages, 10)
    escalator = assistant.knowledge.escalator
    messages += [rule.fires[0] for rule in escalator.rules[::7]]
    # each book's phrases parsed once, not once per list, word and message (~3 million parses)
    parsed = {code: {name: list(language.book.phrases(name)) for name in language.book.names}
              for code, language in escalator.languages.items()}
    for message in messages:
        for code, language in escalator.languages.items():
            said = language.words(message)
            reader = language.book.read(said)
            memo = {}
            for name in language.book.names:
                expected, last_end = [], 0
                for i in range(len(said)):
                    ends = _plain_ends(parsed[code], said, name, i, memo) if i >= last_end else ()
                    if ends:
                        last_end = max(ends)
                        expected.append((i, last_end))
                assert [(s.start, s.end) for s in reader.spans(name)] == expected, (message, name)


def test_remembered_term_scores_answer_as_computed_ones_and_stay_bounded():
    """The retriever remembers the scores of recent terms ("dose" and its lexicon meanings):
    a question answers the same whether they are remembered, forgotten or never seen."""
    from assistant.assistant import Assistant
    from assistant.read_sets import cases
    from assistant.retriever import TERMS_KEPT

    fresh = Assistant.load()._retriever  # a retriever of its own, nothing remembered yet
    questions = [c["question"] for name in ("dev-set", "lay-questions", "retrieval-unseen-5")
                 for c in cases(name)]
    first = questions[:40]

    def ranked(question):
        return [(h.passage.id, h.score) for h in fresh.search(question).hits]

    cold = [ranked(q) for q in first]
    for question in questions[40:]:  # more terms than are kept: the first ones are forgotten
        fresh.search(question)
    assert len(fresh._terms_seen) <= TERMS_KEPT
    assert [ranked(q) for q in first] == cold
    assert [ranked(q) for q in first] == cold  # and now remembered again
