"""The naive baseline the speed targets are measured against: plain rank-bm25 + NLTK Snowball
over the monograph's paragraphs, answering one question, whole process. `run.py` times it beside `ask`."""

import re
import sys
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer
from rank_bm25 import BM25Okapi

MONOGRAPH = Path(__file__).resolve().parent.parent / "tests" / "data" / "baclofen-monograph.txt"

stemmer = SnowballStemmer("english")


def tokens(text: str) -> list[str]:
    return [stemmer.stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())]


paragraphs = [p for p in MONOGRAPH.read_text(encoding="utf-8").split("\n\n") if p.strip()]
bm25 = BM25Okapi([tokens(p) for p in paragraphs])
scores = bm25.get_scores(tokens(sys.argv[1] if len(sys.argv) > 1 else "can I drink alcohol"))
print(paragraphs[int(scores.argmax())])
