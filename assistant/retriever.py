"""BM25 over the monograph's passages, with lay-language expansion, typo correction and a
confidence check that says "not covered" rather than quote something loosely related."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from assistant.lexicon import Lexicon
from assistant.monograph import Monograph, Passage
from assistant.spelling import SpellingCorrector
from assistant.text import stem, words

# A heading is strong evidence (many headings are the patients' own questions): a question word
# found in a passage's heading adds this share of its idf; more in a section's first passage,
# which usually answers the heading.
HEADING_BONUS = 0.6
LEAD_HEADING_BONUS = 1.2
BIGRAM_WEIGHT = 0.5  # share of a word pair's idf added when the pair stands together in a passage
MIN_SCORE = 2.5  # below this best score the evidence is too weak to quote
MIN_COVERAGE = 0.6  # share of the question's (idf-weighted) terms the best passage must contain
RELATIVE_CUTOFF = 0.4  # quote further passages only while they score this share of the best


@dataclass(frozen=True)
class Term:
    """One concept of the question: the words typed, and the ways of finding it in a passage
    (its own stems, or the stems of one of its lexicon meanings)."""

    surface: str
    alternatives: tuple[frozenset[str], ...]
    corrected_from: str | None = None

    @property
    def stems(self) -> frozenset[str]:
        return frozenset().union(*self.alternatives)


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    matched: frozenset[str]  # the question's stems found in this passage


@dataclass(frozen=True)
class Retrieval:
    terms: tuple[Term, ...]
    hits: tuple[Hit, ...]  # ranked best first, at most top_k
    confident: bool
    coverage: float


class Retriever:
    def __init__(self, monograph: Monograph, lexicon: Lexicon, stopwords: frozenset[str]) -> None:
        self.monograph = monograph
        self.lexicon = lexicon
        self.stopwords = stopwords
        # the drug's own names are in nearly every passage: they carry no signal
        self.drug_words = frozenset(words(" ".join((monograph.drug, *monograph.brand_names))))
        self.passages = monograph.passages
        surface: Counter[str] = Counter()
        corpus, headings, heading_weights = [], [], []
        previous_section: tuple[str, ...] = ()
        for passage in self.passages:
            body = words(passage.text)
            heading = [w for h in passage.headings[1:] for w in words(h)]
            surface.update(body + heading)
            corpus.append(self._stems(body))
            headings.append(frozenset(self._stems(heading)))
            leads = passage.headings != previous_section
            heading_weights.append(LEAD_HEADING_BONUS if leads else HEADING_BONUS)
            previous_section = passage.headings
        self.heading_stems = headings
        self.heading_weights = np.array(heading_weights)
        self.doc_stems = [frozenset(doc) | h for doc, h in zip(corpus, headings)]
        self.doc_pairs = [frozenset(zip(doc, doc[1:])) for doc in corpus]
        self.bm25 = BM25Okapi(corpus)
        self.max_idf = max(self.bm25.idf.values())
        self._term_scores: dict[str, np.ndarray] = {}
        vocabulary = dict(surface)
        for word in lexicon.vocabulary:
            vocabulary.setdefault(word, 1)
        self.speller = SpellingCorrector(vocabulary)

    def _stems(self, tokens: list[str]) -> list[str]:
        return [stem(w) for w in tokens if w not in self.stopwords and w not in self.drug_words]

    def _known(self, word: str) -> bool:
        return (word in self.stopwords or word in self.drug_words or word in self.speller
                or stem(word) in self.bm25.idf or word.isdigit())

    def analyse(self, question: str) -> tuple[Term, ...]:
        """Question → terms: typos corrected, lay phrases and brands expanded, stopwords dropped."""
        typed = words(question)
        fixed = [w if self._known(w) else (self.speller.correct(w) or w) for w in typed]
        # the drug's own names read as "it", so "how does baclofen work" meets "how does it work"
        fixed = ["it" if w in self.drug_words else w for w in fixed]
        spans = {start: (end, expansion) for start, end, expansion in self.lexicon.match(fixed)}
        terms, i = [], 0
        while i < len(fixed):
            end, expansion = spans.get(i, (i + 1, None))
            own = frozenset(self._stems(fixed[i:end]))
            alternatives = [own] if own else []
            if expansion:
                alternatives += [frozenset(self._stems(words(m))) for m in expansion.means]
            alternatives = [a for a in alternatives if a]
            if alternatives and not (expansion and expansion.kind == "itself"):
                corrected = " ".join(typed[i:end]) if typed[i:end] != fixed[i:end] else None
                terms.append(Term(" ".join(typed[i:end]), tuple(alternatives), corrected))
            i = end
        return tuple(terms)

    def _scores_for(self, stem_: str) -> np.ndarray:
        """BM25 score of one stem in every passage, plus its heading bonus (cached per stem)."""
        scores = self._term_scores.get(stem_)
        if scores is None:
            idf = self.bm25.idf.get(stem_, 0.0)
            in_heading = np.array([stem_ in h for h in self.heading_stems])
            scores = self.bm25.get_scores([stem_]) + in_heading * self.heading_weights * idf
            self._term_scores[stem_] = scores
        return scores

    def _weight(self, term: Term) -> float:
        """A term weighs its rarest stem's idf; a word the monograph never uses weighs the most."""
        idfs = [self.bm25.idf[s] for s in term.stems if s in self.bm25.idf]
        return max(idfs) if idfs else self.max_idf

    def search(self, question: str, top_k: int = 3) -> Retrieval:
        terms = self.analyse(question)
        if not terms:
            return Retrieval(terms, (), False, 0.0)
        # each concept counts once, by its best-scoring alternative
        total = np.zeros(len(self.passages))
        for term in terms:
            total += np.max([sum(self._scores_for(s) for s in alt) for alt in term.alternatives],
                            axis=0)
        total += self._pair_bonus(terms)
        order = np.argsort(-total, kind="stable")
        best = float(total[order[0]])
        all_stems = frozenset(s for t in terms for s in t.stems)
        hits = []
        for index in order[:top_k]:
            score = float(total[index])
            if score <= 0 or score < RELATIVE_CUTOFF * best:
                break
            hits.append(Hit(self.passages[index], round(score, 3), all_stems & self.doc_stems[index]))
        coverage = self._coverage(terms, self.doc_stems[order[0]])
        confident = best >= MIN_SCORE and coverage >= MIN_COVERAGE
        return Retrieval(terms, tuple(hits), confident, coverage)

    def _pair_bonus(self, terms: tuple[Term, ...]) -> np.ndarray:
        """Reward passages where neighbouring question terms also stand side by side."""
        bonus = np.zeros(len(self.passages))
        for left, right in zip(terms, terms[1:]):
            pairs = {(a, b) for a in left.stems for b in right.stems}
            weight = BIGRAM_WEIGHT * (self._weight(left) + self._weight(right))
            for index, doc_pairs in enumerate(self.doc_pairs):
                if pairs & doc_pairs:
                    bonus[index] += weight
        return bonus

    def _coverage(self, terms: tuple[Term, ...], passage_stems: frozenset[str]) -> float:
        weights = [self._weight(t) for t in terms]
        found = sum(w for t, w in zip(terms, weights) if t.stems & passage_stems)
        return found / sum(weights)
