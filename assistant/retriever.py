"""BM25 over the monograph's passages and list items, with heading evidence, and a confidence
check that says "not covered" rather than quote something loosely related."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer_types import AnswerType, Route, glossed_words
from assistant.english import frequency as english_frequency
from assistant.lexicon import Lexicon
from assistant.monograph import Monograph, Passage
from assistant.query import QueryReader, Term, is_statement, out_of_scope
from assistant.text import content_stems, sentences, words

# a sentence's clauses: at commas, dashes and brackets, and before a relative "who"/"which"
# ("for my son who hates the taste") or a reason ("because …"), which tell rather than ask
_WHO = frozenset({"who", "which"})
_RELATIVE = _WHO | {"because", "cos", "coz", "cuz"}
_CLAUSE = re.compile(r"[,()\[\]\u2013\u2014]|\s-+\s|\s(?=(?:who|which|because|cos|coz|cuz)\s)", re.IGNORECASE)


@dataclass(frozen=True)
class RetrieverSettings:
    """Every number the retriever uses, in one place (like rank-bm25's k1 and b)."""

    k1: float = 1.2
    b: float = 0.5  # milder length penalty than the default 0.75: lists are long
    # A heading is strong evidence (many headings are the patients' own questions): a question
    # word found in a passage's heading adds this share of its idf; more in a section's first
    # passage, which usually answers the heading.
    heading_bonus: float = 0.3
    lead_heading_bonus: float = 1.2
    bigram_weight: float = 0.25  # share of a word pair's idf added when the pair stands together
    # Confidence: the best passage is quoted when it contains enough of the question
    min_score: float = 2.3  # (its score after the coverage factor, at least this)
    min_coverage: float = 0.25  # (this share of the question's idf-weighted terms)
    # A message's question searched without its background sentences ("What is baclofen used
    # for? My husband with MS was just given it by his neurologist.") is quoted only when its
    # best passage scores this much: a short sentence passes the gate on one common word ("Is
    # it the same pill?" 5.1, "Can I carry 3 months of tablets on the airplane?" 3.1)
    question_alone_score: float = 6.9
    # ... or, for long questions full of context, when the match is strong and specific:
    strong_score: float = 8.0  # BM25 + heading + pair score before the coverage factor
    specific_weight: float = 3.5  # the passage holds a question term at least this rare (idf)
    max_unknown_share: float = 0.4  # words the monograph never uses weigh at most this share
    min_known_coverage: float = 0.3  # and the passage holds this share of the words it does use
    unknown_weight: float = 1.0  # a word the monograph never uses weighs this share of max idf
    number_weight: float = 0.5  # a number is weak evidence of topic ("the 10mg pill")
    lexicon_weight: float = 1.5  # a lay word or brand the lexicon knows: strong evidence
    unknown_terms: int = 3  # unknown words weigh less in questions longer than this many terms
    # Words the monograph never uses do not count against coverage while they weigh at most
    # this share of the question: the check above is then made on the words it does use
    # (coverage ÷ known share). Above it the question is mostly about something else.
    known_only_share: float = 0.5
    # quote further passages while they score this share of the best; a clinician-voice passage
    # (voice.yaml) must score the higher share: patient-facing wording first
    # a word of the question that only one passage uses answers it when it carries this share
    # of the question's weight ("oral bioavailability?", "will it cure my spasticity?")
    anchor_share: float = 0.5
    anchor_terms: int = 3  # in a short question only (a conversation read together has many words)
    relative_cutoff: float = 0.3
    # the words of a message's background sentences count this much towards a passage's
    # coverage when ranking (not when deciding whether to answer)
    background_coverage: float = 0.5
    clinician_cutoff: float = 0.5
    # Passage questions (knowledge/passage-questions.yaml) are a second BM25 field; a passage's
    # field score is its best question's. The two fields are fused as a weighted sum of scores
    # normalised by each field's best, scaled back to the text field's range.
    # (with the people's questions, a passage's field score is the mean of its 3 best questions;
    # leave-one-set-out on five read sets: hit@1 .781 → .813 against the best single question at
    # 0.45, which quoted special precautions first for "what are the side effects?" at 0.6)
    question_weight: float = 0.6  # share of the fused score that comes from the question field
    question_top: int = 3
    question_k1: float = 1.2
    question_b: float = 0.75
    questions_cover: bool = True  # a question word found in a passage's questions counts as found
    # ... in the questions people asked too (asked-questions.yaml): without it, hit@1 on the held-out
    # lay sets fell 3-6 points and "not covered" gained nothing
    asked_cover: bool = True
    # Refusal neighbours (unanswered-questions.yaml, in the question field): a confident answer
    # is still refused when the mean score of the ``question_top`` best questions the monograph
    # does not answer reaches this many times the best passage's. Leave-one-set-out over the
    # read sets (both files mined without the set left out), "not covered" / hit@3: never
    # .894 / .959; 2.0 .900 / .959; 1.7 .905 / .958; 1.35 .916 / .955; 1.2 .922 / .953. An
    # answer lost weighs more than a refusal gained: 1.7
    refusal_ratio: float = 1.7
    # a question of one term ("MS?") is never refused so (docs/retrieval-experiments.md §7: a
    # fix of the comparison tried in its place kept the guard's worth, hit@3 .958 with, .956 without)
    refusal_terms: int = 2
    # Preferences that reorder passages which already match (they never decide whether the
    # question is answered): a passage fitting the question's answer type (answer-types.yaml)
    # scores 1 + answer_type_boost times more; a clinician-voice passage (voice.yaml)
    # 1 - clinician_penalty times less.
    answer_type_boost: float = 0.3
    clinician_penalty: float = 0.15
    # a passage only about one way of giving the drug (voice.yaml `routes`: the pump, an
    # injection) scores 1 - route_penalty times less when the question names none of its words
    route_penalty: float = 0.2
    # a brand sold in one form (lexicon `brand_forms`: Lyvispah, the granules) names that form:
    # passages holding its words score 1 + brand_form_boost times more (the ranking only; the
    # confidence check ignores it, and a question naming the drug twice is about the names)
    brand_form_boost: float = 0.3
    # A message asking two questions ("...? ...?"): each sentence ending in "?" with at least
    # this many words is searched alone too, and its best passage shown among the quotes
    min_asked_words: int = 3
    # A topic the monograph lacks said only as a reason beside the question ("can I mix the
    # granules with yogurt, he hates the taste") does not refuse it when the clause that asks
    # keeps at least this many terms of its own (one more beside a "who" clause)
    min_asked_terms: int = 1
    gate_on_plain: bool = True  # the confidence check ignores the preferences above
    # Everyday English words ("bad", "one", "day", "better") are weak evidence of what a
    # question is about, however rare they are in the monograph: a typed word more common in
    # English than ``common_word`` weighs less, down to ``common_floor`` at ``commonest_word``
    # (log scale; frequencies from the English word list). Lexicon meanings keep their weight.
    common_word: int = 50_000
    commonest_word: int = 5_000_000
    common_floor: float = 0.35


DEFAULT_SETTINGS = RetrieverSettings()


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    matched: frozenset[str]  # the question's stems found in this passage
    items: tuple[int, ...] = ()  # for a list passage: the items that contain a question stem


@dataclass(frozen=True)
class Retrieval:
    terms: tuple[Term, ...]
    hits: tuple[Hit, ...]  # ranked best first, at most top_k
    confident: bool
    coverage: float


@dataclass(frozen=True)
class _Unit:
    """What BM25 scores: a paragraph, a list's lead-in, or one list item."""

    passage: int
    item: int | None  # None for a paragraph or lead-in
    stems: list[str]


@dataclass(frozen=True)
class BM25Stats:
    """What a search needs of a rank-bm25 index: its parameters and idf. Each stem's score in
    every document is computed with rank-bm25 once (when the index is built) and kept sparse."""

    k1: float
    b: float
    idf: dict[str, float]


def _bm25(documents: list[list[str]], k1: float, b: float, epsilon: float = 0.25
          ) -> tuple[BM25Stats, dict[str, dict[int, float]]]:
    """rank-bm25's BM25Okapi over ``documents`` — its idf (with the same floor, epsilon times
    the average idf) and, per stem, what its ``get_scores([stem])`` gives each document (zeros
    left out) — computed with rank-bm25's own formulas in the same order of operations, in
    plain Python, so building an index needs neither rank-bm25 nor numpy (~0.15 s to import).
    tests/test_index.py checks every value against rank-bm25 itself."""
    doc_freqs: list[dict[str, int]] = []
    doc_len: list[int] = []
    nd: dict[str, int] = {}
    for document in documents:
        doc_len.append(len(document))
        frequencies: dict[str, int] = {}
        for word in document:
            frequencies[word] = frequencies.get(word, 0) + 1
        doc_freqs.append(frequencies)
        for word in frequencies:
            nd[word] = nd.get(word, 0) + 1
    corpus_size = len(documents)
    avgdl = sum(doc_len) / corpus_size
    idf: dict[str, float] = {}
    idf_sum: float = 0.0
    negative: list[str] = []
    for word, freq in nd.items():
        value = math.log(corpus_size - freq + 0.5) - math.log(freq + 0.5)
        idf[word] = value
        idf_sum += value
        if value < 0:
            negative.append(word)
    eps = epsilon * (idf_sum / len(idf))
    for word in negative:
        idf[word] = eps
    norms = [k1 * (1 - b + b * length / avgdl) for length in doc_len]
    postings: dict[str, dict[int, float]] = {word: {} for word in idf}
    for n, frequencies in enumerate(doc_freqs):
        for word, tf in frequencies.items():
            value = 0.0 + (idf[word] or 0) * (tf * (k1 + 1) / (tf + norms[n]))
            if value != 0.0:
                postings[word][n] = value
    return BM25Stats(k1, b, idf), postings


def _pairs(postings: dict[str, dict[int, float]]) -> dict[str, str]:
    """Sparse scores as JSON keeps them fast to read back: per stem one string of
    "document:score" pairs (repr keeps each float exact), decoded only for the stems a question
    uses (`_Postings`)."""
    return {s: " ".join(f"{n}:{v!r}" for n, v in scores.items()) for s, scores in postings.items()}


class _Postings:
    """Per stem, its BM25 scores by document, decoded from `_pairs`' strings on first use and
    kept (at most one entry per indexed stem: nothing grows per question)."""

    def __init__(self, encoded: Mapping[str, str]) -> None:
        self._encoded = encoded
        self._decoded: dict[str, dict[int, float]] = {}

    def get(self, stem_: str, default: dict[int, float]) -> dict[int, float]:
        found = self._decoded.get(stem_)
        if found is None:
            text = self._encoded.get(stem_)
            if text is None:
                return default
            found = {int(n): float(v) for n, v in (pair.split(":") for pair in text.split())}
            self._decoded[stem_] = found
        return found

    def values(self) -> Iterator[dict[int, float]]:
        return (self.get(s, _EMPTY) for s in self._encoded)

    @property
    def decoded(self) -> frozenset[str]:
        """The stems decoded so far (only ever indexed ones)."""
        return frozenset(self._decoded)

    def __len__(self) -> int:
        """How many stems the index scores."""
        return len(self._encoded)


def _add(total: dict[int, float], scores: dict[int, float]) -> dict[int, float]:
    """``total + scores`` for sparse vectors (a missing key is 0.0; adding 0.0 changes nothing,
    so this equals the dense sum exactly)."""
    out = dict(total)
    get = out.get
    for key, value in scores.items():
        out[key] = get(key, 0) + value  # (a missing key: 0 + value, as a dense sum adds it)
    return out


def _add_into(total: dict[int, float], scores: dict[int, float]) -> None:
    """``total = _add(total, scores)``, in place."""
    get = total.get
    for key, value in scores.items():
        total[key] = get(key, 0) + value


def _summed(alternative: tuple[str, ...], scores_of: Callable[[str], dict[int, float]]) -> dict[int, float]:
    """An alternative's stems' scores added up (one stem: its scores as they are, 0 + score
    being the score)."""
    if len(alternative) == 1:
        return scores_of(alternative[0])
    summed: dict[int, float] = {}
    for s in alternative:
        _add_into(summed, scores_of(s))
    return summed


def _best(alternatives: list[dict[int, float]]) -> dict[int, float]:
    """Element-wise maximum of sparse vectors whose missing entries are 0.0."""
    if len(alternatives) == 1:
        return {k: v for k, v in alternatives[0].items() if v > 0.0}
    best: dict[int, float] = {}
    for alternative in alternatives:  # a missing entry (0.0) is never the best positive one
        for key, value in alternative.items():
            if value > 0.0 and (key not in best or value > best[key]):
                best[key] = value
    return best


class Retriever:
    """Ranks passages for a question. A list passage scores as its lead-in plus its best item,
    so one matching line of a 62-item list is not drowned by the other 61.

    Everything the constructor derives from the knowledge (stems, BM25 scores, headings, pairs,
    answer-type fits) is plain data: ``state()`` gives it as JSON-ready values and
    ``from_state`` restores it without recomputing (assistant/index.py keeps it on disk)."""

    def __init__(self, monograph: Monograph, lexicon: Lexicon, stopwords: frozenset[str],
                 settings: RetrieverSettings = DEFAULT_SETTINGS,
                 questions: Mapping[str, Sequence[str]] | None = None,
                 answer_types: Sequence[AnswerType] = (),
                 voices: Mapping[str, str] | None = None,
                 routes: Sequence[Route] = (),
                 state: Mapping[str, Any] | None = None,
                 asked: Mapping[str, Sequence[str]] | None = None,
                 unanswered: Sequence[str] = ()) -> None:
        """``questions``: passage id → the plain questions it answers (a field of its own);
        ``asked``: passage id → questions people asked that it answered, searched in the same
        field (their words count as found in the passage as ``settings.asked_cover`` says);
        ``answer_types``: cues for the kind of answer asked; ``voices``: passage id → patient
        or clinician; ``unanswered``: questions the monograph does not answer (refusal
        neighbours); ``state``: what ``state()`` returned for these same arguments."""
        self.settings = settings
        self.questions = dict(questions or {})
        self.asked = dict(asked or {})
        self.unanswered = tuple(unanswered)
        self.answer_types = tuple(answer_types)
        self.voices = dict(voices or {})
        self.routes = tuple(routes)
        # the drug's own names are in nearly every passage: they carry no signal
        drug_words = frozenset(words(" ".join((monograph.drug, *monograph.brand_names))))
        self.skip = stopwords | drug_words
        self.passages = monograph.passages
        self.drug_words = drug_words
        # its brand names: a question naming one and nothing else asks what the brand is
        self.brand_words = drug_words - frozenset(words(monograph.drug))
        if state is None:
            state = self._derive(monograph)
        self._restore(state)
        self.reader = QueryReader(lexicon, stopwords, drug_words, self.surface, self.idf.keys())

    @classmethod
    def from_state(cls, monograph: Monograph, lexicon: Lexicon, stopwords: frozenset[str],
                   state: Mapping[str, Any], **options: Any) -> Retriever:
        return cls(monograph, lexicon, stopwords, state=state, **options)

    def _derive(self, monograph: Monograph) -> dict[str, Any]:
        """Everything computed from the knowledge, as JSON-ready values."""
        settings = self.settings
        surface: Counter[str] = Counter()
        units: list[list[Any]] = []
        headings, heading_weights = [], []
        previous_section: tuple[str, ...] = ()
        for index, passage in enumerate(self.passages):
            heading = [w for h in passage.headings[1:] for w in words(h)]
            surface.update(heading)
            headings.append(sorted(set(self._stems(heading))))
            heading_weights.append(
                settings.lead_heading_bonus if passage.headings != previous_section else settings.heading_bonus)
            previous_section = passage.headings
            texts: list[tuple[int | None, str]] = (
                [(None, "\n".join(passage.lead))] if passage.lead else [])
            texts += [(n, "\n".join(item.lines)) for n, item in enumerate(passage.items)]
            for item, text in texts:
                tokens = words(text)
                surface.update(tokens)
                units.append([index, item, self._stems(tokens)])
        bm25, postings = _bm25([u[2] for u in units], settings.k1, settings.b)
        ids = {p.id: n for n, p in enumerate(self.passages)}
        asked = [(ids[pid], self._stems(words(q))) for pid, qs in self.questions.items()
                 if pid in ids for q in qs]
        asked = [(n, stems) for n, stems in asked if stems] or [(0, ["-"])]
        covering = len(asked)  # the hand-written questions; the people's questions follow
        people = [(ids[pid], self._stems(words(q))) for pid, qs in self.asked.items() if pid in ids for q in qs]
        asked += [(n, stems) for n, stems in people if stems]
        # questions the monograph does not answer, in the same field (so the same idf) under no
        # passage (REFUSED): the refusal neighbours
        asked += [(REFUSED, stems) for q in self.unanswered if (stems := self._stems(words(q)))]
        question_bm25, question_postings = _bm25([stems for _, stems in asked],
                                                 settings.question_k1, settings.question_b)
        return {
            "surface": dict(surface), "units": units, "headings": headings,
            "heading_weights": heading_weights,
            "bm25": {"k1": bm25.k1, "b": bm25.b, "idf": bm25.idf, "postings": _pairs(postings)},
            "asked": [[n, stems] for n, stems in asked], "covering": covering,
            "question_bm25": {"k1": question_bm25.k1, "b": question_bm25.b,
                              "idf": question_bm25.idf, "postings": _pairs(question_postings)},
            # BM25 with a positive floor on idf scores every stem in every document positively
            "all_positive": all(v > 0 for scores in (*postings.values(), *question_postings.values())
                                for v in scores.values()),
            "fits": {t.name: [t.fits(p.section, p.text) for p in self.passages]
                     for t in self.answer_types},
            "glossed": [sorted(set(self._stems(glossed_words(p.text)))) for p in self.passages],
            # how common the monograph's everyday words are in English (only those above
            # common_word matter), so a question in its words needs no English word list
            "english": {w: count for w in surface if (count := english_frequency(w)) > settings.common_word},
        }

    def state(self) -> dict[str, Any]:
        """What the constructor derived, as JSON-ready values (``from_state`` takes it back)."""
        return dict(self._state)

    def _restore(self, state: Mapping[str, Any]) -> None:
        settings = self.settings
        self._state = state
        n_passages = len(self.passages)
        self.surface = Counter(state["surface"])
        self._english: dict[str, int] = dict(state["english"])
        self.units = [_Unit(p, i, list(stems)) for p, i, stems in state["units"]]
        headings = [frozenset(h) for h in state["headings"]]
        self.heading_stems = headings
        self.heading_weights = list(state["heading_weights"])
        self._heading_passages: dict[str, list[int]] = {}
        for index, heading in enumerate(headings):
            for s in heading:
                self._heading_passages.setdefault(s, []).append(index)
        self._unit_passage = [u.passage for u in self.units]
        # per passage: its list items' units (item number, stems), in order
        self._items: list[list[tuple[int, frozenset[str]]]] = [[] for _ in range(n_passages)]
        for unit in self.units:
            if unit.item is not None:
                self._items[unit.passage].append((unit.item, frozenset(unit.stems)))
        self._is_item = [u.item is not None for u in self.units]
        doc_stems = [set(h) for h in headings]
        doc_pairs: list[set[tuple[str, str]]] = [set() for _ in range(n_passages)]
        for unit in self.units:
            doc_stems[unit.passage].update(unit.stems)
            doc_pairs[unit.passage].update(zip(unit.stems, unit.stems[1:], strict=False))
        self.doc_pairs = doc_pairs
        text, question = state["bm25"], state["question_bm25"]
        self.bm25 = BM25Stats(text["k1"], text["b"], dict(text["idf"]))
        self.question_bm25 = BM25Stats(question["k1"], question["b"], dict(question["idf"]))
        # BM25 score of each indexed stem per unit / passage question, sparse; a word the index
        # lacks scores zero and is not remembered, so these never grow per question
        self._stem_scores = _Postings(text["postings"])
        self._question_scores = _Postings(question["postings"])
        self.max_idf = max(self.bm25.idf.values())
        asked = [(n, stems) for n, stems in state["asked"]]
        self._people_asked = [stems for n, stems in asked[state["covering"]:] if n != REFUSED]
        self._asked_alone: frozenset[frozenset[str]] | None = None  # built on first use
        self._question_passage = [n for n, _ in asked]
        self.question_stems: list[frozenset[str]] = [frozenset() for _ in range(n_passages)]
        for n, stems in (asked if settings.asked_cover else asked[:state["covering"]]):
            if n != REFUSED:
                self.question_stems[n] |= frozenset(stems)
        self._refusals = REFUSED in self._question_passage
        if settings.questions_cover:
            doc_stems = [d | q for d, q in zip(doc_stems, self.question_stems, strict=False)]
        self.doc_stems = [frozenset(d) for d in doc_stems]
        # inverted: which passages hold a stem, a neighbouring pair (for coverage and pairs)
        self._stem_passages: dict[str, set[int]] = {}
        for index, doc in enumerate(self.doc_stems):
            for s in doc:
                self._stem_passages.setdefault(s, set()).add(index)
        self._pair_passages: dict[tuple[str, str], set[int]] = {}
        for index, pairs in enumerate(doc_pairs):
            for pair in pairs:
                self._pair_passages.setdefault(pair, set()).add(index)
        # a word found only in headings is as rare as the rarest body word; one found only in
        # passage questions weighs its idf there (a word only unanswered questions use stays
        # unknown: "insurance" is no topic of the monograph)
        answered = {s for n, stems in asked if n != REFUSED for s in stems}
        self.idf = ({s: v for s, v in self.question_bm25.idf.items() if s in answered}
                    | {s: self.max_idf for h in headings for s in h} | self.bm25.idf)
        self._fits = {name: list(map(bool, fits)) for name, fits in state["fits"].items()}
        self._cues = [(t, _any_of(t.cues)) for t in self.answer_types]
        self.glossed = [frozenset(g) for g in state["glossed"]]
        self._glossing: dict[str, list[int]] = {}  # stem → the passages glossing it
        for index, glossed in enumerate(self.glossed):
            for s in glossed:
                self._glossing.setdefault(s, []).append(index)
        self._voice_factor = [1 - settings.clinician_penalty if self.voices.get(p.id) == "clinician"
                              else 1.0 for p in self.passages]
        # per route: its words, and the passages only about it
        self._routes = [(re.compile(r"\b(?:" + "|".join(re.escape(" ".join(words(c))) for c in r.cues) + r")\b"),
                         [n for n, p in enumerate(self.passages) if p.id in r.passages]) for r in self.routes]
        # the preference when the question asks for no answer type: voices alone
        self._fits_none = [False] * n_passages
        self._plain_preference = [(1 + settings.answer_type_boost * f) * v
                                  for f, v in zip(self._fits_none, self._voice_factor, strict=False)]
        self._weights_of: tuple[tuple[Term, ...], list[float]] = ((), [])
        self._question_memo: tuple[tuple[Term, ...], list[float]] = ((), [])
        self._terms_seen: dict[tuple[str, tuple[tuple[str, ...], ...]], dict[int, float]] = {}
        self._terms_lock = threading.Lock()
        self._headings: frozenset[str] | None = None  # `_heading_stems`, on first use
        # BM25 with a positive floor on idf scores every stem in every document positively; then
        # a term of one stem adds its scores as they are (the element-wise best of one vector)
        self._all_positive = bool(state["all_positive"])

    def _stems(self, tokens: list[str]) -> list[str]:
        return content_stems(tokens, self.skip)

    def _unit_scores(self, stem_: str) -> dict[int, float]:
        """BM25 score of one stem in every unit (sparse: units without it are left out)."""
        return self._stem_scores.get(stem_, _EMPTY)

    def _asked_scores(self, stem_: str) -> dict[int, float]:
        """BM25 score of one stem in every passage question (sparse)."""
        return self._question_scores.get(stem_, _EMPTY)

    def _field(self, terms: tuple[Term, ...],
               scores_of: Callable[[str], dict[int, float]]) -> dict[int, float]:
        """Per document: the sum over terms of each term's best alternative, where an
        alternative scores the sum of its stems' scores (sparse)."""
        total: dict[int, float] = {}
        for term in terms:
            if self._all_positive and len(term.alternatives) == 1 and len(term.alternatives[0]) == 1:
                _add_into(total, scores_of(term.alternatives[0][0]))  # = _best([its scores])
            else:
                _add_into(total, self._term_scores(term.alternatives, scores_of))
        return total

    def _term_scores(self, alternatives: tuple[tuple[str, ...], ...],
                     scores_of: Callable[[str], dict[int, float]]) -> dict[int, float]:
        """A term's best alternative per document, remembered for the last `TERMS_KEPT` terms
        (a lexicon meaning such as "dose" recurs across questions; memory only, never stored)."""
        key = (scores_of.__name__, alternatives)
        found = self._terms_seen.get(key)
        if found is None:
            found = _best([_summed(alt, scores_of) for alt in alternatives])
            with self._terms_lock:  # the chat may answer from more than one thread
                while len(self._terms_seen) >= TERMS_KEPT:
                    del self._terms_seen[next(iter(self._terms_seen))]
                self._terms_seen[key] = found
        return found

    def _question_field(self, terms: tuple[Term, ...]) -> list[float]:
        """Per passage: the mean BM25 score of its ``question_top`` best-matching questions (a
        passage with one lucky short question does not outscore one that many questions ask);
        last, the same for the questions the monograph does not answer (REFUSED)."""
        if self._question_memo[0] is terms:
            return self._question_memo[1]
        scores = self._field(terms, self._asked_scores)
        top = self.settings.question_top
        found: dict[int, list[float]] = {}
        passage_of = self._question_passage
        for question, score in scores.items():
            passage = passage_of[question]
            if passage in found:
                found[passage].append(score)
            else:
                found[passage] = [score]
        best = [0.0] * (len(self.passages) + 1)
        for passage, values in found.items():
            # the ``top`` largest, largest first (as sorted(values, reverse=True)[:top] gives them)
            best[passage] = sum(values if len(values) == 1 else sorted(values, reverse=True)[:top]) / top
        self._question_memo = (terms, best)
        return best

    def _fused(self, terms: tuple[Term, ...]) -> list[float]:
        """Text and question fields, each normalised by its best, as a weighted sum on the text
        field's scale (so the confidence thresholds keep their meaning)."""
        text = self._passage_scores(terms)
        weight = self.settings.question_weight
        top = max(text)
        if weight <= 0 or top <= 0:
            return text
        asked = self._question_field(terms)[:-1]
        top_asked = max(asked)
        if top_asked <= 0:
            return text
        return [top * ((1 - weight) * t / top + weight * a / top_asked)
                for t, a in zip(text, asked, strict=False)]

    def asked_types(self, question: str, terms: tuple[Term, ...]) -> tuple[AnswerType, ...]:
        """The answer types the question's wording asks for (the drug's names read as "it")."""
        said = " ".join("it" if w in self.drug_words else w for w in words(question))
        other_medicine = any(t.kind in ("brand", "medicine") for t in terms)
        return tuple(t for t, cues in self._cues if (t.other_medicine and other_medicine) or (
            cues.search(said) if isinstance(cues, re.Pattern) else t.asked(said, other_medicine)))

    def _preference(self, question: str, terms: tuple[Term, ...], setting: str | None = None) -> list[float]:
        """Per passage: the answer-type boost (once, whichever types it fits) times its voice,
        times the route penalty when it is only about a route the question (or ``setting``, the
        conversation) does not name."""
        preference = self._type_and_voice(question, terms)
        if form := self.reader.brand_form_stems(question):
            holding = {n for stem in form for n in self._stem_passages.get(stem, ())}
            for n in holding:
                preference[n] *= 1 + self.settings.brand_form_boost
        said = " ".join(words(setting if setting is not None else question)) if self._routes else ""
        for cues, members in self._routes:
            if not cues.search(said):
                factor = 1 - self.settings.route_penalty
                for n in members:
                    preference[n] *= factor
        return preference

    def _type_and_voice(self, question: str, terms: tuple[Term, ...]) -> list[float]:
        """Per passage: the answer-type boost (once, whichever types it fits) times its voice."""
        kinds = self.asked_types(question, terms)
        if not kinds:
            return list(self._plain_preference)
        fits = [False] * len(self.passages)
        stems = frozenset(s for t in terms for s in t.stems)
        for kind in kinds:
            fits = [f or g for f, g in zip(fits, self._fits[kind.name], strict=False)]
            if kind.gloss:  # the passages glossing one of the question's stems
                glossing: set[int] = set()
                for s in stems:
                    glossing.update(self._glossing.get(s, ()))
                fits = [f or n in glossing for n, f in enumerate(fits)]
        if fits == self._fits_none:
            return list(self._plain_preference)
        boost = self.settings.answer_type_boost
        return [(1 + boost * f) * v for f, v in zip(fits, self._voice_factor, strict=False)]

    def _heading_scores(self, alternative: tuple[str, ...]) -> dict[int, float]:
        """Per passage whose heading holds a stem of ``alternative``: the summed idf of those
        stems times the heading's weight (sparse)."""
        found: dict[int, float] = {}
        for s in alternative:
            for index in self._heading_passages.get(s, ()):
                value = self.idf.get(s, 0.0) * 1.0
                found[index] = found[index] + value if index in found else 0 + value
        return {index: value * self.heading_weights[index] for index, value in found.items()}

    def _weights(self, terms: tuple[Term, ...]) -> list[float]:
        """Each term's `_weight` in a question of ``terms`` (kept for the question at hand)."""
        known, weights = self._weights_of
        if known is not terms:
            weights = [self._weight(t, len(terms)) for t in terms]
            self._weights_of = (terms, weights)
        return weights

    def _weight(self, term: Term, n_terms: int = 1) -> float:
        """A term weighs the idf of the rarest word the patient typed, or, when the monograph
        lacks those, of its rarest lexicon meaning; a term the monograph has no word for
        weighs a fixed share of the highest idf (filler, or the very thing it lacks)."""
        scale = self.settings.number_weight if term.surface.isdigit() else self.settings.lexicon_weight if term.kind in (
            "synonym", "brand", "medicine") else self._specificity(term.surface) if term.kind == "word" else 1.0
        for alternatives in (term.alternatives[:1], term.alternatives[1:]):
            idfs = [self.idf[s] for alt in alternatives for s in alt if s in self.idf]
            if idfs:
                return float(max(idfs) * scale)
        # in a long question any one unknown word is less likely to be its topic
        s = self.settings
        return s.unknown_weight * self.max_idf * scale * min(1.0, s.unknown_terms / n_terms)

    def asked_on_its_own(self, question: str) -> bool:
        """Whether people asked this question, in these content words, on its own: one of the
        passages' alternate questions ("what are the side effects?"), so a question of its own,
        never a follow-up that needs the one before it. One content word is too little to
        tell: "how long?" was asked alone too, and after "can I drive?" it asks about driving."""
        if self._asked_alone is None:
            self._asked_alone = frozenset(frozenset(stems) for stems in self._people_asked)
        stems = frozenset(self._stems(self.reader.corrected(words(question))))
        return len(stems) >= 2 and stems in self._asked_alone

    def names_a_topic(self, question: str) -> bool:
        """True when the question names a topic of its own: another medicine, or a word the
        monograph uses that is neither everyday English nor common in the monograph
        ("pregnancy", "hiccups"); "how long then?" or "is that a problem?" name none."""
        for term in self.reader.read(question):
            if term.kind in ("brand", "medicine"):
                return True
            own = term.alternatives[0] if term.alternatives else ()
            if (term.kind in ("word", "synonym") and own
                    and (self._specificity(term.surface) == 1.0
                         or any(s in self._heading_stems for s in self._stems(words(term.surface))))
                    and max(self.idf.get(s, 0.0) for s in own) >= self.settings.specific_weight):
                return True
        return False

    @property
    def _heading_stems(self) -> frozenset[str]:
        """The stems of the section headings: the monograph's own topics, everyday words or not
        ("Can I drive or ride a bike while taking baclofen?" makes "drive" a topic), but for the
        words that say what kind of answer is asked ("how long", "mix": answer-types.yaml cues),
        which a follow-up uses of the topic before it ("how long should I wait then?")."""
        if self._headings is None:
            asked = {s for t in self.answer_types for cue in t.cues
                     for s in self._stems(words(cue.pattern if isinstance(cue, re.Pattern) else str(cue)))}
            self._headings = frozenset(s for p in self.passages for s in self._stems(words(p.section))) - asked
        return self._headings

    def _english_count(self, word: str) -> int:
        """How common ``word`` is in English: from the index for the monograph's own words,
        else from the English word list."""
        if word in self._english:
            return self._english[word]
        return 0 if word in self.surface else english_frequency(word)

    def _specificity(self, surface: str) -> float:
        """1 for a word no commoner in English than ``common_word``, less for everyday words."""
        s = self.settings
        count = min((self._english_count(w) for w in surface.split()), default=0)
        if count <= s.common_word:
            return 1.0
        span = math.log(s.commonest_word / s.common_word)
        return max(s.common_floor, 1 - (1 - s.common_floor) * math.log(count / s.common_word) / span)

    def _passage_scores(self, terms: tuple[Term, ...]) -> list[float]:
        """Each term counts once, by its best alternative; a list passage counts its lead-in
        plus its best item; headings and neighbouring word pairs add their bonus."""
        units = self._field(terms, self._unit_scores)
        headings: dict[int, float] = {}
        for term in terms:
            headings = _add(headings, _best([self._heading_scores(alt)
                                             for alt in term.alternatives]))
        total = [0.0] * len(self.passages)
        best_item = [0.0] * len(self.passages)
        for unit, score in units.items():
            passage = self._unit_passage[unit]
            if not self._is_item[unit]:
                total[passage] += score
            elif score > best_item[passage]:
                best_item[passage] = score
        bonus = self._pair_bonus(terms)
        heading = [0.0] * len(self.passages)
        for n, value in headings.items():
            heading[n] = value
        return [t + i + h + b for t, i, h, b in zip(total, best_item, heading, bonus, strict=False)]

    def search(self, question: str, top_k: int = 3, anchored: bool = True, alone: bool = True,
               setting: str | None = None) -> Retrieval:
        """The best passages for ``question``; ``anchored``: a word only one passage uses may
        make the answer confident (`_anchor`); ``alone``: one message, not a conversation read
        together (only a message alone is compared with questions the monograph does not answer);
        ``setting``: the conversation, whose words may name a route ("I've had a pump for years"
        / "it doesn't work as well anymore"); the question's own words when None."""
        terms = self.reader.read(question)
        if not terms and self.brand_words & set(words(question)):
            terms = self.reader.read("brand names")  # "is ozobax just baclofen?"
        if (not terms or all(t.surface.replace(".", "", 1).isdigit() for t in terms)  # "4", "10": no question
                or out_of_scope(self._without_reasons(question, terms), self.reader.dose_stems,
                                self.reader.names_drug(question))
                or self.reader.another_medicine_alone(question, terms)
                or self.reader.asks_another_medicines_dose(question, terms)
                or self.reader.condition_alone(question)
                or self._about_something_else(question, terms)):
            return Retrieval(terms, (), False, 0.0)
        # like Lucene's coordination factor: a passage that answers more of the question wins
        coverage = self._coverage(terms)
        raw = self._fused(terms)
        # a question after its background ("Just picked it up at the pharmacy. What are the side
        # effects?"): for the ranking, the background's words count less towards coverage
        background = self._background(question, terms)
        ranking = self._coverage(terms, background) if background else coverage
        plain = [r * c for r, c in zip(raw, ranking, strict=False)]
        total = [p * f for p, f in zip(plain, self._preference(question, terms, setting), strict=False)]
        # best first; equal scores in passage order (the sort is stable, also in reverse)
        order = sorted(range(len(total)), key=total.__getitem__, reverse=True)
        best = float(total[order[0]])
        all_stems = frozenset(s for t in terms for s in t.stems)
        hits: list[Hit] = []
        for index in order:
            score = float(total[index])
            if len(hits) >= top_k or score <= 0 or score < self.settings.relative_cutoff * best:
                break
            if (hits and self.voices.get(self.passages[index].id) == "clinician"
                    and score < self.settings.clinician_cutoff * best):
                continue
            items = tuple(item for item, stems in self._items[index] if all_stems & stems)
            hits.append(Hit(self.passages[index], round(score, 3),
                            all_stems & self.doc_stems[index], items))
        top_coverage = float(coverage[order[0]])
        gate = float(plain[order[0]]) if self.settings.gate_on_plain else best
        s = self.settings
        covered = top_coverage
        known = self._known_share(terms) if top_coverage < 1 else 1.0
        if 0 < known < 1 and 1 - known <= s.known_only_share:
            gate, covered = gate / known, covered / known  # over the words the monograph uses
        confident = (gate >= s.min_score and covered >= s.min_coverage) or self._strong_match(
            terms, self.doc_stems[order[0]], float(raw[order[0]]))
        if not confident and anchored and (anchor := self._anchor(terms)) is not None:
            # a word only one passage uses, most of the question's weight ("cure", "bioavailability")
            first = Hit(self.passages[anchor], round(float(total[anchor]), 3), all_stems & self.doc_stems[anchor],
                        tuple(item for item, stems in self._items[anchor] if all_stems & stems))
            rest = [h for h in hits if h.passage is not first.passage]
            return Retrieval(terms, (first, *rest)[:top_k], not (alone and self._asked_before_unanswered(terms)),
                             float(coverage[anchor]))
        return Retrieval(terms, tuple(hits), confident and not (alone and self._asked_before_unanswered(terms)),
                         top_coverage)

    def items_holding(self, passage_id: str, question: str) -> tuple[int, ...]:
        """The items of a list passage that hold one of the question's words (for a passage an
        escalation rule quotes: "just found out I'm pregnant" shows the list's pregnancy item)."""
        index = next((n for n, p in enumerate(self.passages) if p.id == passage_id), None)
        if index is None:
            return ()
        stems = frozenset(s for t in self.reader.read(question) for s in t.stems)
        return tuple(item for item, held in self._items[index] if stems & held)

    def elsewhere(self, question: str) -> bool:
        """Whether a message, read alone, asks about a topic the monograph lacks (storage,
        price: lexicon `uncovered`) or about something else entirely (`_about_something_else`),
        in two terms or more: then no earlier question lends it a frame ("can I drink alcohol on
        baclofen?" / "how long does the flu usually last"). A one-word follow-up ("and
        kombucha?") leans on the question before it."""
        terms = self.reader.read(question)
        return len(terms) >= 2 and (out_of_scope(terms, self.reader.dose_stems, self.reader.names_drug(question))
                                or self._about_something_else(question, terms))

    def _about_something_else(self, question: str, terms: tuple[Term, ...]) -> bool:
        """A question that names neither baclofen, a form of it nor a word pointing at it ("it",
        "this"), whose weightiest word the monograph's text never uses and is no everyday word,
        and whose other words are all everyday ones ("how long does the flu usually last", "how
        do I lower my cholesterol naturally"): a question about something else, whatever people
        asked beside baclofen. A statement ("feel like a zombie all day") is still read."""
        typed = words(question)
        said, lexicon = set(typed), self.reader.lexicon
        if (not terms or said & (self.drug_words | lexicon.drug_forms | lexicon.pointing_words)
                or is_statement(question, typed)):
            return False
        weights = self._weights(terms)
        top = terms[max(range(len(terms)), key=weights.__getitem__)]
        if top.kind != "word" or top.stems & self.bm25.idf.keys() or self._specificity(top.surface) < 1.0:
            return False
        return not any(t.kind != "word" or (t.stems & self.bm25.idf.keys() and self._specificity(t.surface) == 1.0)
                       for t in terms)

    def _asked_before_unanswered(self, terms: tuple[Term, ...]) -> bool:
        """Whether the question is as close to questions the monograph does not answer ("how
        much does a month of it cost") as to the best passage's own questions (see
        ``refusal_ratio``): the way FAQ bots keep a "none of these" intent."""
        if not self._refusals or len(terms) < self.settings.refusal_terms:
            return False
        *passages, refused = self._question_field(terms)
        return refused > 0 and refused >= self.settings.refusal_ratio * max(passages)

    def _anchor(self, terms: tuple[Term, ...]) -> int | None:
        """The one passage using a word of the question no other passage uses, when that word is
        no everyday English word, carries at least half the weight of a short question, and the
        monograph knows all the question's words."""
        weights = self._weights(terms)
        total = sum(weights)
        if not total or len(terms) > self.settings.anchor_terms or any(not (t.stems & self.idf.keys()) for t in terms) or any(
                t.kind not in ("word", "synonym") for t in terms):
            return None
        for term, weight in zip(terms, weights, strict=False):
            own = term.alternatives[0] if term.alternatives else ()
            for s in own:
                passages = self._stem_passages.get(s, set())
                if (len(passages) == 1 and weight / total >= self.settings.anchor_share
                        and self._specificity(term.surface) == 1.0):  # no everyday word ("eventually")
                    return next(iter(passages))
        return None

    def _known_share(self, terms: tuple[Term, ...]) -> float:
        """The share of the question's weight on terms the monograph (or its questions) uses."""
        weights = self._weights(terms)
        known = sum(w for t, w in zip(terms, weights, strict=False) if t.stems & self.idf.keys())
        return known / sum(weights)

    def _strong_match(self, terms: tuple[Term, ...], passage: frozenset[str], raw: float) -> bool:
        """A long question with context words may cover little of itself, yet hit a passage
        hard on a rare word; it is answered unless unknown words weigh too much."""
        weights = self._weights(terms)
        known = [bool(t.stems & self.idf.keys()) for t in terms]
        found = [bool(t.stems & passage) for t in terms]
        total_known = sum(w for w, k in zip(weights, known, strict=False) if k)
        s = self.settings
        if raw < s.strong_score or not total_known:
            return False
        unknown_share = 1 - total_known / sum(weights)
        known_coverage = sum(w for w, k, f in zip(weights, known, found, strict=False) if k and f) / total_known
        specific = max((w for w, f in zip(weights, found, strict=False) if f), default=0.0)
        return (specific >= s.specific_weight and unknown_share <= s.max_unknown_share
                and known_coverage >= s.min_known_coverage)

    def _pair_bonus(self, terms: tuple[Term, ...]) -> list[float]:
        """Reward passages where neighbouring question terms, or the words of a multi-word
        meaning ("muscle relaxant"), also stand side by side."""
        bonus = [0.0] * len(self.passages)
        weight = self._weights(terms)
        groups = [({(a, b) for a in left.stems for b in right.stems},
                   self.settings.bigram_weight * (weight[n] + weight[n + 1]))
                  for n, (left, right) in enumerate(zip(terms, terms[1:], strict=False))]
        groups += [(set(zip(alt, alt[1:], strict=False)), self.settings.bigram_weight * 2 * weight[n])
                   for n, term in enumerate(terms) for alt in term.alternatives if len(alt) > 1]
        for pairs, pair_weight in groups:
            holding: set[int] = set()
            for pair in pairs:
                holding.update(self._pair_passages.get(pair, ()))
            for index in holding:  # the passages whose pairs meet ``pairs``
                bonus[index] += pair_weight
        return bonus

    def _without_reasons(self, question: str, terms: tuple[Term, ...]) -> tuple[Term, ...]:
        """The terms, less topics the monograph lacks said only in a clause that tells a reason
        beside the question ("can I mix the granules with yogurt, he hates the taste", "… for my
        son who hates the taste"), when the clause that asks keeps `min_asked_terms` terms of its
        own. A topic in the clause that asks ("does it affect the thyroid") or a question with
        nothing else to ask ("I have a thyroid problem, can I take it?") still refuses."""
        if not any(t.kind == "uncovered" for t in terms):
            return terms
        clauses = [c for s in sentences(question) for c in _CLAUSE.split(s) if words(c)]
        told = [c for c in clauses if words(c)[0] in _RELATIVE or is_statement(c, words(c))]
        if not told or len(told) == len(clauses):
            return terms
        asked = {w for c in clauses if c not in told for w in words(c)}
        reasons = {w for c in told for w in words(c)} - asked
        side = {i for i, t in enumerate(terms) if t.kind == "uncovered" and set(words(t.surface)) <= reasons}
        own = [t for t in terms if t.kind not in ("uncovered", "itself") and set(words(t.surface)) <= asked]
        # a "who" clause may hold the question's own verb ("can my daughter who has a thyroid
        # problem take it"): then the clause before it must ask one more thing of its own
        relative = any(words(c)[0] in _WHO for c in told)
        if not side or len(own) < self.settings.min_asked_terms + relative:
            return terms
        return tuple(t for i, t in enumerate(terms) if i not in side)

    def _background(self, question: str, terms: tuple[Term, ...]) -> frozenset[int]:
        """The indices of terms said only in sentences that tell rather than ask, when the
        message also asks in a sentence of its own."""
        said = [s for s in sentences(question) if words(s)]
        if len(said) < 2:
            return frozenset()
        telling = [s for s in said if is_statement(s, words(s))]
        if not telling or len(telling) == len(said):
            return frozenset()
        asked = {w for s in said if s not in telling for w in words(s)}
        told = {w for s in telling for w in words(s)} - asked
        return frozenset(i for i, t in enumerate(terms) if set(words(t.surface)) <= told)

    def _coverage(self, terms: tuple[Term, ...], background: frozenset[int] = frozenset()) -> list[float]:
        """Per passage: the idf-weighted share of the question's terms it contains
        (``background``: terms that weigh `background_coverage` as much)."""
        weights = self._weights(terms)
        if background:
            weights = [w * self.settings.background_coverage if i in background else w
                       for i, w in enumerate(weights)]
        total = sum(weights)
        holding = []  # per term: the passages holding one of its stems
        for term in terms:
            found: set[int] = set()
            for s in term.stems:
                found.update(self._stem_passages.get(s, ()))
            holding.append(found)
        coverage = [0 / total] * len(self.doc_stems)
        held: dict[int, float] = {}  # the weights of the terms each passage holds, summed in order
        for weight, found in zip(weights, holding, strict=False):
            for index in found:
                held[index] = held[index] + weight if index in held else 0 + weight
        for index, weight in held.items():
            coverage[index] = weight / total
        return coverage


_EMPTY: dict[int, float] = {}
TERMS_KEPT = 256  # terms whose per-document scores are remembered (in memory, per field)
REFUSED = -1  # the "passage" of questions the monograph does not answer, in the question field


def _any_of(cues: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern found wherever one of ``cues`` is (their alternation), or None when they
    cannot be joined so (different flags, groups): then each is searched for in turn."""
    if not cues or len({c.flags for c in cues}) > 1 or any(c.groups for c in cues):
        return None
    try:
        return re.compile("|".join(f"(?:{c.pattern})" for c in cues), cues[0].flags)
    except re.error:
        return None
