"""Every knowledge file is validated on load, with errors naming file and line."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from assistant.faq import load_faq
from assistant.knowledge import KnowledgeError
from assistant.lexicon import load_lexicon
from assistant.regions import load_regions


def test_a_lexicon_entry_without_means_names_its_line(knowledge_copy):
    path = knowledge_copy / "lexicon.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("    means: [alcohol, drink]\n", "    mean: [alcohol, drink]\n", 1)
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    mean: [alcohol, drink]") + 1
    with pytest.raises(KnowledgeError) as error:
        load_lexicon(path)
    assert error.value.line in (line - 2, line - 1)  # the entry's first line
    assert "'say' and 'means'" in str(error.value)


def test_a_brand_form_of_several_words_names_its_file_and_line(knowledge_copy):
    path = knowledge_copy / "lexicon.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("  lyvispah: [granules]\n", "  lyvispah granules: [granules]\n", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_lexicon(path)
    assert str(error.value.path) == str(path) and error.value.line
    assert "one lower-case word" in str(error.value)


def test_a_region_without_an_emergency_number_is_rejected(knowledge_copy):
    path = knowledge_copy / "regions.yaml"
    path.write_text(path.read_text().replace('emergency: "999"', 'emergency: ""'))
    with pytest.raises(KnowledgeError, match="UK.*emergency number"):
        load_regions(path)


def test_a_missing_knowledge_file_is_named(knowledge_copy):
    (knowledge_copy / "faq.yaml").unlink()
    with pytest.raises(KnowledgeError, match="faq.yaml: file not found"):
        load_faq(knowledge_copy / "faq.yaml")


def test_an_unknown_safety_list_names_its_file_and_line(knowledge_copy):
    path = knowledge_copy / "quoting.yaml"
    text = path.read_text(encoding="utf-8").replace("  - stopping-baclofen-1 ", "  - stopping-baclofen-9 ")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "stopping-baclofen-9" in row)
    with pytest.raises(KnowledgeError, match=rf"quoting.yaml:{line}: unknown passage id "
                                             r"'stopping-baclofen-9'"):
        Assistant.load(directory=knowledge_copy)


def test_the_program_refuses_to_run_without_valid_rules(knowledge_copy):
    path = knowledge_copy / "escalation.yaml"
    path.write_text(path.read_text().replace("\nrules:\n", "\nrules: []\nold_rules:\n"))
    with pytest.raises(KnowledgeError, match=r"escalation.yaml:\d+: unknown keys: old_rules"):
        Assistant.load(directory=knowledge_copy)


def test_faq_questions_are_grouped_by_the_topics_caregivers_need():
    topics = {entry.topic for entry in load_faq()}
    assert {"Taking it", "Side effects", "Stopping", "Alcohol and other drugs",
            "Pregnancy and breastfeeding", "The pump", "Overdose"} <= topics


def test_every_faq_question_is_answered_from_the_monograph(assistant):
    for entry in load_faq():
        assert assistant.respond(entry.question).answered, entry.question


def test_installed_non_editable_the_knowledge_still_loads(tmp_path):
    """`pip install .` then run from another folder: the wheel carries knowledge/."""
    root = Path(__file__).resolve().parent.parent
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(wheels), str(root)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("baclofen.md", "escalation.yaml", "lexicon.yaml", "regions.yaml",
                 "faq.yaml", "messages.yaml", "stopwords.txt"):
        assert f"assistant/knowledge_data/{name}" in names
    assert "assistant/tui/app.tcss" in names
    assert "assistant/knowledge_data/asked-questions.yaml" in names
    assert "assistant/prebuilt/escalation-model.json" in names
    zipfile.ZipFile(wheel).extractall(target)
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run([sys.executable, "-m", "assistant", "ask", "is baclofen addictive"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert "Baclofen is addictive" in run.stdout
    where = subprocess.run([sys.executable, "-c", "import assistant.knowledge as k; print(k.knowledge_dir())"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert where.stdout.strip() == str(target / "assistant" / "knowledge_data")
    # the learned safety net ships and loads: a message only it catches escalates when installed
    run = subprocess.run([sys.executable, "-m", "assistant", "ask", "cant feel my legs after taking a handful"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert "This may be an emergency" in run.stdout, run.stdout + run.stderr


def test_a_repeated_heading_is_refused_with_its_line(knowledge_copy):
    from assistant.monograph import load_monograph

    path = knowledge_copy / "baclofen.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Baclofen side effects", "## Baclofen overdose", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="repeats the one on line") as error:
        load_monograph(path)
    assert error.value.line


def test_a_byte_order_mark_in_a_knowledge_file_is_ignored(knowledge_copy):
    from assistant.monograph import load_monograph

    path = knowledge_copy / "baclofen.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_monograph(path).passages


def test_deeply_nested_yaml_in_a_knowledge_file_is_an_error_with_file_and_line(knowledge_copy):
    from assistant.lexicon import load_lexicon

    path = knowledge_copy / "lexicon.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\ndeep: " + "[" * 5000 + "]" * 5000 + "\n",
                    encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_lexicon(path)
    assert error.value.line


def test_the_words_of_a_medicine_name_of_several_words_name_no_medicine_alone(tmp_path):
    """"cold and flu tablets" is matched as a phrase; "and" and "tablets" alone are no
    medicine (they once turned "what is the starting dose for tablets" into a question about
    another medicine)."""
    path = tmp_path / "lexicon.yaml"
    path.write_text("unlisted_medicines:\n  - say: [cold and flu tablets, lemsip]\n"
                    "    means: [nonprescription medicines]\n", encoding="utf-8")
    medicines = load_lexicon(path).other_medicines
    assert "lemsip" in medicines
    assert not {"cold", "and", "flu", "tablets"} & medicines
