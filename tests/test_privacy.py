"""Issue 11 #13 / issue 14: what users ask never reaches the disk."""

import os
import subprocess
import sys
from pathlib import Path

from assistant.stem_cache import UNKNOWN_WORDS_KEPT
from assistant.text import STEMS, stem

WORD = "zorblaxine"


def files_mentioning(folder: Path, word: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and word.encode() in p.read_bytes().lower()]


def test_a_made_up_word_is_never_written_to_the_cache_folder(tmp_path):
    # the artefacts shipped in the package set aside, so that the cache folder is written
    env = dict(os.environ, BACLOFEN_ASSISTANT_CACHE=str(tmp_path), BACLOFEN_ASSISTANT_PREBUILT="off")
    for question in (f"is {WORD} safe with baclofen", f"can I drink alcohol with {WORD}"):
        run = subprocess.run([sys.executable, "-m", "assistant", "ask", question],
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert stored, "the knowledge vocabulary's stems should be cached"
    assert files_mentioning(tmp_path, WORD) == []
    assert files_mentioning(tmp_path, "alcohol"), "the monograph's own words are cached"


def test_in_process_answers_write_no_question_words(assistant):
    from assistant.stem_cache import cache_folder

    assistant.respond(f"what is {WORD} and does it mix with baclofen")
    folder = cache_folder()
    assert folder is not None
    assert files_mentioning(folder, WORD) == []


def test_unknown_words_are_stemmed_in_a_bounded_memory(assistant):
    for n in range(UNKNOWN_WORDS_KEPT + 50):
        stem(f"{WORD}{n}")
    assert STEMS.recent_words <= UNKNOWN_WORDS_KEPT


def test_the_retriever_keeps_no_state_per_new_word(assistant):
    retriever = assistant.knowledge.retriever
    indexed = len(retriever._stem_scores)
    for n in range(40):
        assistant.respond(f"is {WORD}{n} ok with baclofen")
    decoded = retriever._stem_scores.decoded | retriever._question_scores.decoded
    assert len(retriever._stem_scores) == indexed
    assert not any(WORD[:4] in s for s in decoded)  # only indexed stems are ever decoded and kept
