"""Fixed lines around verbatim quotes: another region's phone number gets a note, and a brand
that decided the quote is named as its generic ("Xanax is alprazolam.")."""

import pytest

from assistant.assistant import Assistant
from assistant.knowledge import KnowledgeError
from assistant.regions import load_regions
from assistant.render import render_text

POISON_QUESTION = "What is the poison control number?"


@pytest.fixture(scope="module")
def uk():
    return Assistant.load(region="UK")


def test_a_uk_reader_sees_a_note_after_the_us_poison_number_and_the_quote_stays_verbatim(uk):
    quote = uk.respond(POISON_QUESTION).quotes[0]
    passage = uk.knowledge.monograph.passage(quote.passage_id)
    assert "1-800-222-1222" in quote.text and quote.text == passage.text
    assert quote.notes == ("US number; in the UK call NHS 111, or 999 in an emergency.",)
    shown = render_text(uk.respond(POISON_QUESTION))
    assert shown.index("1-800-222-1222") < shown.index("Note: US number; in the UK call NHS 111")


def test_the_escalated_overdose_quote_carries_the_note_too(uk):
    reply = uk.respond("my son swallowed a handful of my baclofen")
    assert reply.escalation.level == "emergency"
    assert any("in the UK call NHS 111" in note for q in reply.quotes for note in q.notes)


@pytest.mark.parametrize(("region", "place"), [("US", "the hospital emergency room"),
                                               ("UK", "A&E (the hospital emergency department)"),
                                               ("AU", "the hospital emergency department")])
def test_an_urgent_message_names_the_regions_own_urgent_care(assistant, region, place):
    regional = Assistant(assistant.knowledge, assistant.knowledge.regions.get(region))  # as load() builds it
    reply = regional.respond("my pump is beeping and the site is red and swollen")
    assert reply.escalation.level == "urgent"
    assert reply.escalation.message[0] == f"URGENT: contact your doctor now, or go to {place}."


def test_a_region_without_its_urgent_care_wording_is_refused_naming_the_file(knowledge_copy):
    path = knowledge_copy / "regions.yaml"
    path.write_text(path.read_text().replace('    hospital: "A&E (the hospital emergency department)"\n', ""))
    with pytest.raises(KnowledgeError, match="regions.yaml:\\d+: region 'UK' needs 'hospital'"):
        load_regions(path)


def test_a_us_reader_sees_no_note_for_the_us_number(assistant):
    assert assistant.region.code == "US"
    assert all(q.notes == () for q in assistant.respond(POISON_QUESTION).quotes)


def test_a_quoted_number_without_a_note_for_some_region_is_refused(knowledge_copy):
    path = knowledge_copy / "regions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('      EU: "US number; in the EU call 112 in an emergency."\n', ""),
                    encoding="utf-8")
    with pytest.raises(KnowledgeError, match="regions.yaml:\\d+: number '1-800-222-1222': no note for region EU"):
        load_regions(path)


@pytest.mark.parametrize("question, line", [
    ("can I take xanax with baclofen", "Xanax is alprazolam."),
    ("can I take xanex with baclofen", "Xanax is alprazolam."),  # misspelt brand
    ("is klonopin ok with baclofen", "Klonopin is clonazepam."),
])
def test_a_brand_that_decided_the_quote_is_named_as_its_generic(assistant, question, line):
    reply = assistant.respond(question)
    assert reply.readings == (line,)
    generic = line.split(" is ")[1].rstrip(".").capitalize()
    assert f"• {generic}" in reply.quotes[0].text
    assert render_text(reply).index(line) < render_text(reply).index("From “")


@pytest.mark.parametrize("question", ["can I take alprazolam with baclofen", "can I drink alcohol"])
def test_no_brand_line_without_a_brand(assistant, question):
    assert assistant.respond(question).readings == ()


@pytest.mark.parametrize("question", [
    "I weigh 60kg how many mg should I take",
    "my son is 7 and weighs 25 kilos, what dose of baclofen should he have",
    "what's the right dose for me, I'm 80 and have kidney problems",
])
def test_a_question_for_ones_own_dose_says_no_dose_is_worked_out_before_the_general_quotes(assistant, question):
    reply = assistant.respond(question)
    line = assistant.message("personal_dose")
    assert reply.quotes and line in reply.readings
    shown = render_text(reply)
    assert shown.index("I can't work out a dose for you") < shown.index("From ")


@pytest.mark.parametrize("question", ["what is the maximum dose of baclofen", "how long does a dose last",
                                      "can I drink alcohol on baclofen"])
def test_a_general_dose_question_gets_no_personal_dose_line(assistant, question):
    assert assistant.message("personal_dose") not in assistant.respond(question).readings


def test_a_personal_dose_cue_without_words_is_refused_naming_the_file(knowledge_copy):
    path = knowledge_copy / "quoting.yaml"
    text = path.read_text(encoding="utf-8").replace("personal_dose: [i weigh,", "personal_dose: [' ', i weigh,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="quoting.yaml"):
        Assistant.load(directory=knowledge_copy)


@pytest.mark.parametrize("question", ["my dog ate one of my baclofen tablets", "can my cat take baclofen"])
def test_a_question_about_a_pet_points_to_a_vet_not_to_not_covered(assistant, question):
    reply = assistant.respond(question)
    assert reply.escalation.level == "none"
    assert reply.notice == assistant.message("animal") or assistant.message("animal") in reply.readings
    assert "call your vet" in render_text(reply)


def test_the_monographs_animal_studies_are_no_pet_question(assistant):
    reply = assistant.respond("were there animal studies in pregnancy")
    assert reply.quotes and assistant.message("animal") not in reply.readings


@pytest.mark.parametrize("code, number", [("FR", "112"), ("de", "112"), ("GB", "999")])
def test_a_country_code_gets_the_numbers_of_the_region_it_is_in(code, number):
    """A new user's trial: `--region FR` answered "call 911 now" (unknown region, US numbers)."""
    from assistant.regions import load_regions

    assert load_regions().get(code).emergency == number
