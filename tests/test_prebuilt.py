"""The artefacts shipped inside the package (assistant/prebuilt.py): current, used only for the
knowledge files they were built from, and they spare a first run all writing under HOME."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from assistant import prebuilt
from assistant.knowledge import knowledge_dir

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_artefacts_are_what_this_code_builds_from_these_knowledge_files():
    done = subprocess.run([sys.executable, "-m", "assistant.prebuild", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr  # else: python -m assistant.prebuild


def test_a_shipped_artefact_is_used_for_the_files_it_was_built_from(tmp_path):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), copy)
    assert prebuilt.load(prebuilt.INDEX, copy) is not None
    assert prebuilt.load(prebuilt.STEMS, copy) is not None


def test_a_shipped_artefact_is_never_used_for_edited_knowledge(tmp_path):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), copy)
    assert prebuilt.load(prebuilt.INDEX, copy) is not None  # then edited in the same place
    lexicon = copy / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert prebuilt.load(prebuilt.INDEX, copy) is None
    assert prebuilt.load(prebuilt.STEMS, copy) is None


def test_a_first_run_with_an_empty_home_answers_and_writes_nothing_there(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("BACLOFEN_ASSISTANT_CACHE", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "can I drink alcohol on baclofen"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "alcohol" in done.stdout.lower()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def _same(a, b):
    """Equal values, and equal lines on every mapping and list."""
    assert a == b
    assert getattr(a, "line", None) == getattr(b, "line", None)
    assert getattr(a, "lines", None) == getattr(b, "lines", None)
    if isinstance(a, dict):
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, list):
        for x, y in zip(a, b, strict=True):
            _same(x, y)


def test_a_shipped_parse_is_the_yaml_parse_with_the_same_lines():
    from assistant.yaml_lines import load_with_lines

    checked = 0
    for path in sorted(knowledge_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8-sig")
        shipped = prebuilt.parsed_yaml(text)
        if shipped is None:
            continue  # a file no load parses whole (none today)
        _same(shipped, load_with_lines(text, path, ValueError))
        checked += 1
    assert checked >= 10


def test_an_edited_yaml_text_is_parsed_afresh_with_its_errors(tmp_path):
    from assistant.knowledge import KnowledgeError, load_yaml

    broken = tmp_path / "regions.yaml"
    broken.write_text((knowledge_dir() / "regions.yaml").read_text(encoding="utf-8") + "\n  : bad\n", encoding="utf-8")
    try:
        load_yaml(broken)
    except KnowledgeError as error:
        assert error.line is not None and "regions.yaml" in str(error)
    else:
        raise AssertionError("a broken file was accepted")


def test_the_shipped_word_list_answers_as_the_installed_list_does():
    """A one-off `ask` looks words up by bisection in the package's sorted copy (~1 ms) instead of
    unpacking pyspellchecker's list (~20 ms); every answer must be the list's own."""
    from assistant import english

    shipped = english._shipped(english.source())
    assert shipped is not None, "run python -m assistant.prebuild"
    found = english._parse(english.source().read_bytes())
    words = sorted(found)
    for word in [*words[:50], *words[::997], *words[-50:]]:
        assert english._bisect(shipped, word) == found[word]
    for absent in ("zorbleflax", "aaaaaaaa", "zzzzzzzzz", "", "a b"):
        assert english._bisect(shipped, absent) is None


def test_a_word_list_that_is_not_current_is_never_used(tmp_path, monkeypatch):
    from assistant import english

    stale = tmp_path / "english-words.txt"
    stale.write_text("key 000000000000000000000000\nwalking 1\n", encoding="utf-8")
    monkeypatch.setattr(english, "SHIPPED", stale)
    assert english._shipped(english.source()) is None
    assert english._Lookups().get("walking") > 1  # the installed list's count, not the stale 1


def test_a_damaged_shipped_word_list_falls_back_to_the_installed_one(tmp_path, monkeypatch):
    from assistant import english

    damaged = tmp_path / "english-words.txt"
    damaged.write_bytes(f"key {english.shipped_key(english.source())}\n".encode() + b"walking x\n\xff\xfe\n")
    monkeypatch.setattr(english, "SHIPPED", damaged)
    lookups = english._Lookups()
    assert lookups._shipped is not None
    assert lookups.get("walking") > 1 and lookups._shipped is None
