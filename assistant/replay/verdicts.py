"""Checking a reply against a case's expectations, and the metrics over a whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.replay.questions import Case
from assistant.reply import Reply
from assistant.text import normalise


@dataclass(frozen=True)
class Verdict:
    case: Case
    reply: Reply
    failures: tuple[str, ...]
    quote_rank: int | None  # 1-based rank of the first passage holding a snippet

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """One case of the replay JSON report (docs/replay.md), plus file and line: the keys of
        ``reply.to_dict()`` it keeps, taken from the reply itself (not the whole of it built and
        most of it dropped, case after case)."""
        reply, escalation = self.reply, self.reply.escalation
        return {
            "id": self.case.id,
            "question": self.case.question,
            "answered": reply.answered,
            # level, rule, message lines as shown
            "escalation": {"level": escalation.level, "rule": escalation.rule,
                           "message": list(escalation.message)},
            "notice": reply.notice,
            "passages": [{"id": q.passage_id, "section": q.section, "text": q.text, "score": q.score}
                         for q in reply.quotes],
            "passed": self.passed,
            "failures": list(self.failures),
            "expect": self.case.expect.to_dict() if self.case.expect else None,
            "file": self.case.file,
            "line": self.case.line,
        }


def _first_words(reply: Reply, count: int = 8) -> str:
    if not reply.quotes:
        return "(no quote)"
    words = reply.quotes[0].text.split()
    return "“" + " ".join(words[:count]) + (" …”" if len(words) > count else "”")


def _top(reply: Reply) -> str:
    count = len(reply.quotes)
    return "the top passage" if count == 1 else f"the top {count} passages"


def judge(case: Case, reply: Reply) -> Verdict:
    failures: list[str] = []
    expect = case.expect
    rank = None
    nothing = ", but the reply quoted nothing"
    if expect and expect.quote_contains:
        snippets = [normalise(s) for s in expect.quote_contains]
        rank = next((i for i, q in enumerate(reply.quotes, start=1)
                     if any(s in normalise(q.text) for s in snippets)), None)
        wanted = list(expect.quote_contains)
        if rank is None and not reply.quotes:
            failures.append(f"quote: expected a quote containing one of {wanted!r}{nothing}")
        elif rank is None:
            failures.append(f"quote: expected one of {wanted!r} in {_top(reply)}; "
                            f"top quote {_first_words(reply)}")
    if expect and expect.quote_contains_all:
        shown = "\n".join(normalise(q.text) for q in reply.quotes)  # as the user sees them
        missing = [s for s in expect.quote_contains_all if normalise(s) not in shown]
        if missing and not reply.quotes:
            failures.append("quote_contains_all: expected quotes containing all of "
                            f"{list(expect.quote_contains_all)!r}{nothing}")
        elif missing:
            together = " taken together" if len(reply.quotes) > 1 else ""
            failures.append(f"quote_contains_all: {missing!r} not in {_top(reply)}{together} "
                            f"(of {len(expect.quote_contains_all)} snippets)")
    if expect and expect.escalation and reply.escalation.level not in expect.escalation:
        failures.append(f"escalation: expected {' or '.join(expect.escalation)}, got "
                        f"{reply.escalation.level} (rule {reply.escalation.rule or '-'})")
    if expect and expect.answered is not None and reply.answered != expect.answered:
        got = f"answered with {_first_words(reply)}" if reply.answered else "not answered"
        failures.append(f"answered: expected {str(expect.answered).lower()}, got {got}")
    return Verdict(case, reply, tuple(failures), rank)


@dataclass
class Metrics:
    cases: int = 0
    passed: int = 0
    quote_cases: int = 0
    hit_at_1: int = 0
    hit_at_k: int = 0
    reciprocal_ranks: float = 0.0
    unanswerable: int = 0
    unanswerable_correct: int = 0
    by_level: dict[str, list[int]] = field(default_factory=dict)  # level → [caught, cases]
    false_escalations: int = 0
    calm_cases: int = 0  # cases that must not escalate
    quote_all_cases: int = 0  # cases with quote_contains_all
    quote_all_passed: int = 0

    def add(self, verdict: Verdict) -> None:
        self.cases += 1
        self.passed += verdict.passed
        expect = verdict.case.expect
        if not expect:
            return
        if expect.quote_contains:
            self.quote_cases += 1
            rank = verdict.quote_rank
            self.hit_at_1 += rank == 1
            self.hit_at_k += rank is not None
            self.reciprocal_ranks += 1 / rank if rank else 0.0
        if expect.quote_contains_all:
            self.quote_all_cases += 1
            self.quote_all_passed += not any(f.startswith("quote_contains_all:")
                                             for f in verdict.failures)
        if expect.answered is False:
            self.unanswerable += 1
            self.unanswerable_correct += not verdict.reply.answered
        if expect.escalation:
            level = verdict.reply.escalation.level
            if set(expect.escalation) == {"none"}:
                self.calm_cases += 1
                self.false_escalations += level != "none"
            else:
                # the class is the least severe level the case allows
                wanted = next(x for x in ("urgent", "emergency") if x in expect.escalation)
                caught = self.by_level.setdefault(wanted, [0, 0])
                caught[0] += level in expect.escalation
                caught[1] += 1

    def summary(self) -> dict[str, Any]:
        def ratio(numerator: float, denominator: int) -> float | None:
            return round(numerator / denominator, 4) if denominator else None

        return {
            "cases": self.cases,
            "passed": self.passed,
            "failed": self.cases - self.passed,
            "quote_cases": self.quote_cases,
            "hit_at_1": ratio(self.hit_at_1, self.quote_cases),
            "hit_at_k": ratio(self.hit_at_k, self.quote_cases),
            "mrr": ratio(self.reciprocal_ranks, self.quote_cases),
            "not_covered_cases": self.unanswerable,
            "not_covered_accuracy": ratio(self.unanswerable_correct, self.unanswerable),
            "escalation_recall": {level: ratio(c[0], c[1]) for level, c in sorted(self.by_level.items())},
            "escalation_cases": {level: c[1] for level, c in sorted(self.by_level.items())},
            "false_escalation_rate": ratio(self.false_escalations, self.calm_cases),
            "no_escalation_cases": self.calm_cases,
            "quote_contains_all_cases": self.quote_all_cases,
            "quote_contains_all_passed": self.quote_all_passed,
        }
