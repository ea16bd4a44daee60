from pathlib import Path

import pytest

from assistant.knowledge import KnowledgeError
from assistant.monograph import BULLET, ELLIPSIS, load_monograph, parse_monograph
from assistant.text import normalise, strip_reference_markers

SOURCE = Path(__file__).parent / "data" / "baclofen-monograph.txt"


@pytest.fixture(scope="module")
def monograph():
    return load_monograph()


def verbatim_pieces(line: str) -> list[str]:
    """A shown line minus its bullet, split at ellipses: each piece must be monograph text."""
    text = line.strip()
    if text.startswith(BULLET):
        text = text[len(BULLET):].strip()
    return [piece.strip() for piece in text.split(ELLIPSIS) if piece.strip()]


def test_every_line_of_every_passage_is_verbatim_monograph_text(monograph):
    source = strip_reference_markers(SOURCE.read_text(encoding="utf-8"))
    for passage in monograph.passages:
        for line in passage.text.splitlines():
            for piece in verbatim_pieces(line):
                assert piece in source, f"{passage.id}: not in the monograph: {piece!r}"


def test_every_heading_is_verbatim_monograph_text(monograph):
    source = SOURCE.read_text(encoding="utf-8")
    for passage in monograph.passages:
        for heading in passage.headings[1:]:
            assert strip_reference_markers(heading) in strip_reference_markers(source)


def test_reference_markers_and_page_debris_are_not_quoted(monograph):
    everything = "\n".join(p.text for p in monograph.passages)
    for debris in ("13)", "1), 2)", "References", "Health Jade", "online at If"):
        assert debris not in everything


def test_passage_ids_are_unique_and_stable_across_loads(monograph):
    ids = [p.id for p in monograph.passages]
    assert len(ids) == len(set(ids))
    assert ids == [p.id for p in load_monograph().passages]
    assert "can-i-drink-alcohol-while-taking-baclofen-1" in ids


def test_a_list_stays_with_its_lead_in(monograph):
    interactions = next(p for p in monograph.passages if any("Gabapentin" in i.lines[0] for i in p.items))
    assert interactions.lead[0].startswith("Using Baclofen with any of the following medicines")
    assert len(interactions.items) == 62
    overdose = next(p for p in monograph.passages
                    if p.lead and normalise(p.lead[0]).startswith("symptoms of baclofen overdose"))
    assert overdose.section == "Baclofen overdose"
    assert len(overdose.items) == 16


def test_nested_bullets_and_continuation_lines_are_kept(monograph):
    dosage = next(p for p in monograph.passages if p.section == "Muscle relaxation")
    assert dosage.items[2].lines[0] == f"{BULLET} For oral dosage form (tablets):"
    assert dosage.items[2].lines[1].startswith(f"  {BULLET} Adults and teenagers")
    assert "Because of the risk of sedation" in next(
        p.text for p in monograph.passages if p.lead == ("Before taking Baclofen:",))


def test_front_matter_names_drug_and_brands(monograph):
    assert monograph.drug == "baclofen"
    assert "Lioresal" in monograph.brand_names


@pytest.mark.parametrize("text, line, message", [
    ("no front matter\n", 1, "front matter"),
    ("---\ndrug: baclofen\n---\nText before a heading\n", 4, "before the first heading"),
    ("---\ndrug: baclofen\n---\n# T\n\n  continuation with no list\n", 6, "outside a list"),
    ("---\ndrug: [unclosed\n---\n# T\n", 3, "invalid YAML"),
])
def test_a_malformed_monograph_names_file_and_line(text, line, message):
    with pytest.raises(KnowledgeError) as error:
        parse_monograph(text, Path("broken.md"))
    assert error.value.line == line
    assert message in str(error.value)
    assert str(error.value).startswith(f"broken.md:{line}:")
