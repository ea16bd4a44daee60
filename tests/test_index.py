"""Issue 14: the prebuilt index is used only when built from the same knowledge files and the
same code; anything else is rebuilt, never used."""

import json

import pytest

from assistant import index as index_module
from assistant.assistant import Knowledge
from assistant.index import index_key, load_or_build


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BACLOFEN_ASSISTANT_CACHE", str(folder))
    monkeypatch.setenv("BACLOFEN_ASSISTANT_PREBUILT", "off")  # the cache itself is under test
    return folder


def built(directory):
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    index, loaded = load_or_build(directory, build, lambda data: "built" in data)
    return index, loaded, calls


def test_the_index_is_built_once_then_loaded(cache, knowledge_copy):
    _, loaded, calls = built(knowledge_copy)
    assert not loaded and calls == [1]
    _, loaded, calls = built(knowledge_copy)
    assert loaded and calls == []


def test_an_edited_knowledge_file_is_never_answered_from_the_old_index(cache, knowledge_copy):
    knowledge = Knowledge.load(knowledge_copy)
    assert knowledge.retriever.search("can I drink alcohol").hits
    old = list(cache.glob("index-*.json"))
    assert len(old) == 1
    monograph = knowledge_copy / "baclofen.md"
    monograph.write_text(monograph.read_text(encoding="utf-8").replace(
        "Alcohol may increase", "Quince may increase"), encoding="utf-8")
    edited = Knowledge.load(knowledge_copy)
    hit = edited.retriever.search("can I drink quince juice").hits[0]
    assert "Quince may increase" in hit.passage.text
    assert "quinc" in edited.retriever.idf or "quince" in edited.retriever.idf
    new = list(cache.glob("index-*.json"))
    assert len(new) == 1 and new != old  # the stale one is gone


def test_a_code_change_makes_a_new_index(cache, knowledge_copy, monkeypatch):
    before = index_key(knowledge_copy)
    built(knowledge_copy)
    monkeypatch.setattr(index_module, "code_key", lambda: "another version of the code")
    assert index_key(knowledge_copy) != before
    _, loaded, calls = built(knowledge_copy)
    assert not loaded and calls == [1]


@pytest.mark.parametrize("damage", [
    lambda data: data.update(key="0" * 24),  # a file renamed from another build
    lambda data: data.update(format=0),
    lambda data: data.update(index=[]),
    lambda data: data["index"].clear(),
])
def test_a_damaged_or_foreign_index_is_rebuilt(cache, knowledge_copy, damage):
    built(knowledge_copy)
    (path,) = cache.glob("index-*.json")
    data = json.loads(path.read_text())
    damage(data)
    path.write_text(json.dumps(data))
    _, loaded, calls = built(knowledge_copy)
    assert not loaded and calls == [1]


def test_a_truncated_index_is_rebuilt(cache, knowledge_copy):
    Knowledge.load(knowledge_copy)
    (path,) = cache.glob("index-*.json")
    path.write_bytes(path.read_bytes()[:1000])
    knowledge = Knowledge.load(knowledge_copy)
    assert knowledge.retriever.search("can I drink alcohol").confident
    assert json.loads(path.read_text())["key"] == path.stem.removeprefix("index-")


def test_a_loaded_index_answers_exactly_as_a_built_one(cache, knowledge_copy):
    fresh = Knowledge.load(knowledge_copy).retriever
    loaded = Knowledge.load(knowledge_copy).retriever
    assert loaded is not fresh
    for question in ("can I drink alcohol", "is baclofen ok with kombucha",
                     "can i take xanex with baclofin", "what are the overdose symptoms"):
        one, other = fresh.search(question), loaded.search(question)
        assert [(h.passage.id, h.score, h.items) for h in one.hits] == \
            [(h.passage.id, h.score, h.items) for h in other.hits]
        assert one.confident == other.confident and one.coverage == other.coverage


def test_the_index_holds_exactly_what_rank_bm25_computes(assistant):
    """The plain-Python build uses rank-bm25's formulas in its order of operations: every idf
    and every per-stem score is the very float rank-bm25 gives."""
    from rank_bm25 import BM25Okapi

    from assistant.retriever import _bm25

    retriever = assistant.knowledge.retriever
    corpora = [([u.stems for u in retriever.units], retriever.settings.k1, retriever.settings.b),
               ([["a", "b", "a"], ["b"], ["c", "a"], ["a"]], 1.5, 0.75)]  # a negative idf
    for documents, k1, b in corpora:
        reference = BM25Okapi(documents, k1=k1, b=b)
        stats, postings = _bm25(documents, k1, b)
        assert stats.idf == reference.idf and list(stats.idf) == list(reference.idf)
        for word in reference.idf:
            expected = {n: float(v) for n, v in enumerate(reference.get_scores([word])) if v != 0}
            assert postings[word] == expected


def test_the_english_word_list_loaded_whole_is_exact_and_nothing_is_written(cache):
    """Loaded whole from the package's sorted copy; a new user's trial found a 2 MB copy of it
    written to ~/.cache, where the README says nothing is written to disk."""
    import gzip
    from importlib import resources

    from assistant import english

    raw = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    expected = {w: f for w, f in json.loads(gzip.decompress(raw)).items()
                if f >= english.MIN_FREQUENCY}
    english._frequencies.cache_clear()
    english.preload()
    words = english._frequencies()
    assert len(words) == len(expected)
    assert all(words.get(w) == f for w, f in list(expected.items())[::97])
    assert english.is_english_word("thoughts") and not english.is_english_word("zorblaxine")
    assert not cache.exists() or not any(cache.iterdir())
    english._frequencies.cache_clear()


def test_english_lookups_by_search_equal_the_parsed_list():
    """A short-lived process looks its few words up in pyspellchecker's JSON text: the same
    answers as the parsed list, for real words, rare ones, unknown ones and odd strings."""
    import gzip
    import random
    from importlib import resources

    from assistant import english

    raw = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    expected = {w: f for w, f in json.loads(gzip.decompress(raw)).items()
                if f >= english.MIN_FREQUENCY}
    words = random.Random(4).sample(sorted(expected), 300) + [
        "zorblaxine", "kombucha", "thoughts", "a", "", "naïve", 'q"uote', "co:lon", "back\\slash"]
    lookups = english._Lookups()
    for word in words:
        assert lookups.get(word) == expected.get(word, 0), word
        assert (word in lookups) == (word in expected), word
    assert lookups._list is not None  # past SCANNED_LOOKUPS the whole list is loaded


def test_an_edited_lexicon_takes_effect_although_the_index_keeps_the_parsed_lexicon(
        cache, knowledge_copy):
    before = Knowledge.load(knowledge_copy).retriever.reader.lexicon
    assert ("zorblaxine",) not in before.expansions
    lexicon = knowledge_copy / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    assert "\nbrands:\n" in text
    lexicon.write_text(text.replace("\nbrands:\n", "\nbrands:\n  zorblaxine: alcohol\n", 1),
                       encoding="utf-8")
    for _ in range(2):  # built, then loaded from the new index
        after = Knowledge.load(knowledge_copy).retriever.reader.lexicon
        assert after.expansions[("zorblaxine",)].means == ("alcohol",)
