"""Reading a question: words → typos corrected → lay phrases and brand names expanded from the
lexicon → terms, each with the monograph stems that can stand for it."""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

from assistant.english import frequency, is_english_word
from assistant.english import loaded as english_loaded
from assistant.lexicon import Lexicon
from assistant.spelling import SpellingCorrector
from assistant.text import content_stems, sentences, stem, words


@dataclass(frozen=True)
class Term:
    """One concept of the question: the words typed, and the ways of finding it in a passage
    (its own stems, or the stems of one of its lexicon meanings)."""

    surface: str  # as typed
    alternatives: tuple[tuple[str, ...], ...]  # stems in reading order; the first are its own
    read_as: str | None = None  # the spelling-corrected words, when they differ
    kind: str = "word"  # or the lexicon kind that matched: synonym, brand, uncovered, dose

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(s for alternative in self.alternatives for s in alternative)


def out_of_scope(terms: tuple[Term, ...], dose_stems: frozenset[str] = frozenset(),
                 names_drug: bool = False) -> bool:
    """A topic the monograph lacks (storage, price…) unless the question also names a medicine
    ("baclofen and ambien at bedtime?" asks about the pair), or another medicine's dose ("the
    normal dose of gabapentin": any term whose own words say dose), or a comparison with another
    medicine ("which is stronger, baclofen or robaxin"). ``names_drug``: the question names baclofen
    ("a lower dose of my sertraline while taking the baclofen?" asks about the pair)."""
    kinds = {t.kind for t in terms}
    medicine = bool({"brand", "medicine"} & kinds)
    dose = "dose" in kinds or any(t.alternatives and set(t.alternatives[0]) & dose_stems for t in terms)
    if "uncovered" in kinds and not (medicine and names_drug):
        return True
    return medicine and ((dose and not names_drug) or "compare" in kinds)


READS_KEPT = 8  # questions whose terms are remembered (in memory only)
# asking what a word means: the monograph may explain it ("what does spasticity mean")
_MEANING = frozenset({"mean", "means", "meaning", "define", "definition", "explain", "describe"})
# words that ask more of a condition than what its name means, though retrieval stops them
# ("what causes cerebral palsy" is no "what is cerebral palsy")
_ASKS_MORE = frozenset({"cause", "causes", "caused", "treat", "treated", "treatment", "cure", "cured"})
# words a question starts with ("what are the first symptoms of ms")
_QUESTION_OPENERS = frozenset({"what", "whats", "which", "how", "why", "when", "where", "who", "is", "are", "can",
                               "could", "do", "does", "did", "should", "will", "would", "any", "has", "have"})
# sentence ends, and a comma before a question's first word: "what is spasticity exactly, why
# do my legs go so stiff" asks two questions
_OPENER = "|".join(sorted(_QUESTION_OPENERS))
_SENTENCE_BREAK = re.compile(rf"[?.!;]+|,(?=\s*(?:{_OPENER})\b)", re.IGNORECASE)


def is_statement(question: str, said: list[str]) -> bool:
    """No question mark and no question word first: "I'm on zoloft", "I had a stroke"."""
    return "?" not in question and bool(said) and said[0] not in _QUESTION_OPENERS


class QueryReader:
    def __init__(self, lexicon: Lexicon, stopwords: frozenset[str], drug_words: frozenset[str],
                 corpus_words: Mapping[str, int], corpus_stems: Collection[str]) -> None:
        """``corpus_words``: the monograph's words and their counts (typos are corrected towards
        them and the lexicon's words); ``corpus_stems``: the stems the index knows."""
        self.lexicon = lexicon.reading_drug_as_it(drug_words)
        self.stopwords = stopwords
        self.drug_words = drug_words
        self.skip = stopwords | drug_words
        self.corpus_stems = corpus_stems
        vocabulary = dict(corpus_words)
        for word in lexicon.vocabulary:
            vocabulary.setdefault(word, 1)
        # a real English word ("thoughts", "movie") is never read as a monograph word
        self.speller = SpellingCorrector(vocabulary, is_word=is_english_word, frequency=frequency,
                                         is_word_cheap=english_loaded)
        self.other_medicines = frozenset(lexicon.other_medicines)
        # the stems of the lexicon's dose words ("dose", "dosage"): a term saying them asks an amount
        self.dose_stems = frozenset(s for e in lexicon.expansions.values() if e.kind == "dose"
                                    for m in e.means for s in content_stems(words(m), frozenset()))
        self._reads: dict[str, tuple[Term, ...]] = {}
        self._reads_lock = threading.Lock()

    def corrected(self, typed: list[str]) -> list[str]:
        """Words as read: each unknown one replaced by its American spelling when the monograph
        uses that ("yoghurt" → "yogurt"), else by its spelling correction, if any."""
        return [w if self.known(w) else (self._american(w) or self.speller.correct(w) or w) for w in typed]

    def _american(self, word: str) -> str | None:
        for british, american in self.lexicon.spelling_variants:
            if british in word and self.known(spelled := word.replace(british, american)):
                return spelled
        return None

    def known(self, word: str) -> bool:
        """A word read as typed: a stopword, the drug's name, a word of the monograph or the
        lexicon, a number, or a stem the index knows (else the speller may correct it)."""
        return (word in self.skip or word in self.speller or word.isdigit()
                or stem(word) in self.corpus_stems)

    def another_medicine_alone(self, question: str, terms: tuple[Term, ...]) -> bool:
        """A question about another medicine on its own ("is zolpidem addictive", "what is
        tizanidine used for"): it names one, asks something more, and names neither baclofen
        (nor "it", "this med") nor any pairing word of the lexicon ("with", "and", "take")."""
        if not any(t.kind in ("brand", "medicine") for t in terms) or len(terms) < 2:
            return False
        said = words(question)
        if is_statement(question, said):
            return False  # "I'm on zoloft for depression" asks about the pair
        fixed = ["it" if w in self.drug_words else w for w in said]
        if "it" in fixed:
            return False
        pairing = self._pair_words
        return not any(e.kind in ("itself", "pair") or any(pairing & set(words(m)) for m in e.means)
                       for _, _, e in self.lexicon.match(fixed))

    def asks_another_medicines_dose(self, question: str, terms: tuple[Term, ...]) -> bool:
        """A sentence asking the dose of another medicine on its own ("I take baclofen and my
        doctor added tizanidine. What's the normal dose of tizanidine?"): it names that medicine
        and a dose word, and neither baclofen nor "this med" ("a lower dose of my sertraline while
        on baclofen?" asks about the pair). The monograph gives no other medicine's dose."""
        kinds = {t.kind for t in terms}
        if not {"brand", "medicine"} & kinds or not any(self._asks_dose(t) for t in terms):
            return False
        for sentence in sentences(question):
            said = words(sentence)
            if not said or set(said) & self.drug_words or is_statement(sentence, said):
                continue  # "I take Zoloft and a low dose of something for anxiety." tells, not asks
            if any(e.kind == "itself" for _, _, e in self.lexicon.match(said)):
                continue
            read = self.read(sentence)
            if any(t.kind in ("brand", "medicine") for t in read) and any(self._asks_dose(t) for t in read):
                return True
        return False

    def _asks_dose(self, term: Term) -> bool:
        return term.kind == "dose" or bool(term.alternatives and set(term.alternatives[0]) & self.dose_stems)

    def names_drug(self, question: str) -> bool:
        """Whether the question names baclofen (or a brand of it) itself."""
        return bool(set(words(question)) & self.drug_words)

    def condition_alone(self, question: str) -> bool:
        """A question about a condition itself ("is multiple sclerosis hereditary", "what helps
        spasticity after a stroke"): asked as a question, it names a condition, asks more than
        what the condition is, and names neither baclofen, "it", this medicine nor its forms
        (tablets, pump, dose). "What is spasticity", "what does MS mean" (also as one sentence
        of several) and a statement ("I had a stroke last year") are still read."""
        said = words(question)
        if not said or not self.lexicon.names_condition(said):
            return False
        if is_statement(question, said):
            return False  # "I had a stroke last year" asks whether it matters
        fixed = ["it" if w in self.drug_words else w for w in said]
        if "it" in fixed or set(fixed) & self.lexicon.drug_forms or set(fixed) & _MEANING:
            return False
        if any(e.kind == "itself" for _, _, e in self.lexicon.match(fixed)):
            return False
        for sentence in _SENTENCE_BREAK.split(question):
            plain = ["it" if w in self.drug_words else w for w in words(sentence)]
            plain = [plain[k] for k in self.lexicon.outside_fillers(plain)]
            if self.lexicon.names_condition(plain) and not any(
                    (w not in self.stopwords or w in _ASKS_MORE) and w not in _QUESTION_OPENERS
                    for w in self.lexicon.outside_conditions(plain)):
                return False  # "what is spasticity (exactly)": what the word means
        return True

    @cached_property
    def _pair_words(self) -> frozenset[str]:
        """The lexicon's pairing words; a lexicon meaning holding one ("medicines together",
        what "mix" means) pairs too."""
        return frozenset(w for p, e in self.lexicon.expansions.items() if e.kind == "pair" for w in p)

    def read(self, question: str) -> tuple[Term, ...]:
        """Question → terms: typos corrected, lay phrases and brands expanded, stopwords dropped.
        Remembered for the last few questions (one reply reads its question several times:
        the search, a rule's quote, warnings); in memory only."""
        if len(question) > 5000:
            return self._read(question)  # (a long text is not kept)
        found = self._reads.get(question)
        if found is None:
            found = self._read(question)
            with self._reads_lock:  # the chat may answer from more than one thread
                self._reads[question] = found
                while len(self._reads) > READS_KEPT:
                    del self._reads[next(iter(self._reads))]
        return found

    def _read(self, question: str) -> tuple[Term, ...]:
        typed = words(question)
        corrected = self.corrected(typed)
        # the drug's own names read as "it", so "how does baclofen work" meets "how does it work"
        fixed = ["it" if w in self.drug_words else w for w in corrected]
        kept = self.lexicon.outside_fillers(fixed)  # "how does it actually work": fillers go first
        if len(kept) < len(fixed):
            typed, corrected, fixed = ([seq[k] for k in kept] for seq in (typed, corrected, fixed))
        spans = {start: (end, expansion) for start, end, expansion in self.lexicon.match(fixed)}
        terms, i = [], 0
        while i < len(fixed):
            end, expansion = spans.get(i, (i + 1, None))
            kind = expansion.kind if expansion else "word"
            own = tuple(content_stems(fixed[i:end], self.skip))
            alternatives = [own] if own else []
            if expansion:
                alternatives += [tuple(content_stems(words(m), self.skip)) for m in expansion.means]
            alternatives = [a for a in alternatives if a]
            if kind == "word" and set(fixed[i:end]) & self.other_medicines:
                kind = "brand"  # a generic typed directly, e.g. "gabapentin"
            if kind in ("uncovered", "dose", "compare"):
                alternatives = alternatives or [tuple(fixed[i:end])]
            if len(fixed[i:end]) == 1 and len(fixed[i]) == 1 and fixed[i].isalpha():
                alternatives = []  # a lone letter ("part d", "vitamin b") says nothing of the topic
            if alternatives and kind not in ("itself", "pair"):
                read_as = " ".join(corrected[i:end]) if typed[i:end] != corrected[i:end] else None
                terms.append(Term(" ".join(typed[i:end]), tuple(alternatives), read_as, kind))
            i = end
        return tuple(terms)

    def brand_form_stems(self, question: str) -> frozenset[str]:
        """The stems of the form a brand sold in one form names ("how do I take Lyvispah" asks
        about the granules); none when the question names the drug twice or more ("is Ozobax
        just baclofen": the names themselves are asked about)."""
        forms = dict(self.lexicon.brand_forms)
        said = self.corrected(words(question)) if forms else []
        if not forms or sum(w in self.drug_words for w in said) >= 2:
            return frozenset()
        return frozenset(s for w in said if w in forms for m in forms[w] for s in content_stems(words(m), self.skip))
