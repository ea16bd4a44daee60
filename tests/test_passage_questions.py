"""Issue 9: passage-side questions, answer-type cues and each section's voice, all as data."""

import dataclasses

import pytest

from assistant.answer_types import glossed_words, load_answer_types, load_routes, load_voices
from assistant.knowledge import KnowledgeError
from assistant.monograph import load_monograph
from assistant.passage_questions import MAX_QUESTIONS, MIN_QUESTIONS, load_passage_questions
from assistant.retriever import Retriever, RetrieverSettings
from assistant.text import normalise


def test_every_passage_has_its_plain_questions():
    monograph = load_monograph()
    ids = [p.id for p in monograph.passages]
    questions = load_passage_questions(set(ids))
    assert sorted(questions) == sorted(ids), set(ids) ^ set(questions)
    assert all(MIN_QUESTIONS <= len(qs) <= MAX_QUESTIONS for qs in questions.values())


def test_an_unknown_passage_id_names_file_and_line(knowledge_copy):
    path = knowledge_copy / "passage-questions.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("- passage: baclofen-6\n", "- passage: baclofen-600\n", 1)
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("- passage: baclofen-600") + 1
    with pytest.raises(KnowledgeError) as error:
        load_passage_questions({p.id for p in load_monograph().passages}, path)
    assert error.value.line == line and "baclofen-600" in str(error.value)
    assert str(path) in str(error.value)


def test_a_passage_listed_twice_is_rejected(knowledge_copy):
    path = knowledge_copy / "passage-questions.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- passage: baclofen-1\n  questions: [a b?, c d?]\n")
    with pytest.raises(KnowledgeError, match="listed twice"):
        load_passage_questions({p.id for p in load_monograph().passages}, path)


def test_voice_and_answer_types_validate_their_names(knowledge_copy):
    monograph = load_monograph()
    voice = knowledge_copy / "voice.yaml"
    voice.write_text(voice.read_text().replace("baclofen-2: clinician", "baclofen-222: clinician"))
    with pytest.raises(KnowledgeError, match="unknown passage id 'baclofen-222'"):
        load_voices(monograph, voice)
    types = knowledge_copy / "answer-types.yaml"
    types.write_text(types.read_text().replace("sections: [Drug interactions,", "sections: [Drug interaction,"))
    with pytest.raises(KnowledgeError, match="unknown sections Drug interaction"):
        load_answer_types({p.section for p in monograph.passages}, types)


def test_the_monographs_own_glosses_are_found():
    assert {"spasticity", "muscle", "stiffness"} <= set(
        glossed_words("certain types of spasticity (muscle stiffness and tightness) most"))
    assert "hallucinations" in glossed_words("seeing things that are not there (hallucinations)")


def top(assistant, question):
    reply = assistant.respond(question)
    assert reply.answered, question
    return reply.quotes[0]


@pytest.mark.parametrize("question, snippet", [
    # how long / how soon → a passage that states a time
    ("how soon will I notice baclofen working", "start to work after 1 hour"),
    # how much / maximum → the dosing passage
    ("what is the most baclofen I can take in a day", "not more than 80"),
    # what does X mean → the monograph's own explanation of X
    ("what does tolerance mean", "tolerance, which is when"),
    # can I take X with Y → the interaction list
    ("can I take lyrica with baclofen", "pregabalin"),
])
def test_answer_type_cues_pick_the_kind_of_answer_asked(assistant, question, snippet):
    assert snippet in normalise(top(assistant, question).text)


def test_answer_types_are_read_from_the_question(assistant):
    retriever = assistant.knowledge.retriever
    def kinds(question):
        return {t.name for t in retriever.asked_types(question, retriever.reader.read(question))}
    assert "time" in kinds("how long does baclofen stay in breast milk")
    assert "dose" in kinds("what is the max dose of baclofen")
    assert "definition" in kinds("what does spasticity mean")
    assert "interaction" in kinds("can I take xanax with baclofen")
    assert "interaction" in kinds("is gabapentin ok")  # another medicine named
    assert kinds("I had a stroke last year") == set()


def test_patient_wording_ranks_before_clinician_wording(assistant):
    """Both the patients' alcohol passage and the off-label (clinician) one mention alcohol;
    with voices the patient passage leads and the clinician one falls out of the quotes."""
    retriever = assistant.knowledge.retriever
    assert retriever.voices["baclofen-uses-4"] == "clinician"
    hits = [h.passage.id for h in retriever.search("is alcohol ok with baclofen").hits]
    assert hits[0] == "can-i-drink-alcohol-while-taking-baclofen-1"
    plain = Retriever(assistant.knowledge.monograph, retriever.reader.lexicon,
                      retriever.reader.stopwords,
                      dataclasses.replace(retriever.settings, clinician_penalty=0.0),
                      questions=retriever.questions, answer_types=retriever.answer_types,
                      voices=retriever.voices)
    with_voice = retriever._preference("is alcohol ok", ())
    without = plain._preference("is alcohol ok", ())
    index = [p.id for p in retriever.passages].index("baclofen-uses-4")
    assert with_voice[index] < without[index]


def test_settings_are_one_frozen_object_passed_to_the_retriever(assistant):
    settings = assistant.knowledge.retriever.settings
    assert isinstance(settings, RetrieverSettings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.k1 = 2.0  # type: ignore[misc]
    assert assistant.knowledge.retriever.bm25.k1 == settings.k1


def test_the_asked_questions_are_what_the_read_question_sets_give():
    from assistant import mine_questions

    assert mine_questions.main(["--check"]) == 0, "run python -m assistant.mine_questions"


def test_an_asked_question_is_stored_as_the_retriever_reads_it_typos_corrected():
    """A typo stored in the question field would become a word the retriever knows, and a
    user's same typo would be corrected no more ("dizzyness" must still find dizziness)."""
    from assistant import mine_questions
    from assistant.knowledge import knowledge_dir
    from assistant.monograph import load_monograph

    directory = knowledge_dir()
    spell = mine_questions.spelled(directory, load_monograph(directory / "baclofen.md"))
    assert spell("Does baclofen cause dizzyness?") == "does baclofen cause dizziness"
    assert spell("can baclofen cause siezures") == "can baclofen cause seizures"


def test_a_typo_a_read_set_also_made_is_still_corrected(assistant):
    reply = assistant.respond("does baclofen cause dizzyness")
    assert reply.answered and any("dizziness" in q.text.lower() for q in reply.quotes)


def _with_unanswered(assistant, unanswered):
    retriever = assistant.knowledge.retriever
    return Retriever(assistant.knowledge.monograph, retriever.reader.lexicon, retriever.reader.stopwords,
                     retriever.settings, questions=retriever.questions, answer_types=retriever.answer_types,
                     voices=retriever.voices, unanswered=unanswered)


def test_a_question_closer_to_unanswered_questions_than_to_any_passage_is_refused(assistant):
    """Refusal neighbours: the monograph says nothing on disposing of pills."""
    question = "what's the right way to dispose of old baclofen tablets"
    assert _with_unanswered(assistant, ()).search(question).confident
    refusing = _with_unanswered(assistant, ("how do i dispose of old tablets safely",
                                            "where can i dispose of old medicine",
                                            "what is the right way to dispose of unused pills"))
    assert not refusing.search(question).confident
    assert refusing.search("can I drink alcohol while taking baclofen").confident


def test_a_conversation_read_together_is_never_compared_with_unanswered_questions(assistant):
    refusing = _with_unanswered(assistant, ("how long will i wait for an appointment",
                                            "how long is the wait to see a neurologist",
                                            "how long should i wait for my test results"))
    context = "can I drive on baclofen? how long should I wait then? how long should I wait then?"
    assert refusing.search(context, alone=False).confident


def test_the_unanswered_questions_are_the_read_sets_not_covered_questions():
    from assistant.knowledge import knowledge_dir
    from assistant.passage_questions import load_unanswered_questions

    found = load_unanswered_questions(knowledge_dir() / "unanswered-questions.yaml")
    assert "how should i store my baclofen" in found and len(found) > 300


def test_a_route_naming_an_unknown_passage_names_file_and_line(knowledge_copy):
    path = knowledge_copy / "voice.yaml"
    text = path.read_text(encoding="utf-8").replace("who-can-take-baclofen-2,", "who-can-take-baclofen-222,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown passage ids who-can-take-baclofen-222") as error:
        load_routes(load_monograph(), path)
    assert str(path) in str(error.value) and error.value.line is not None


@pytest.mark.parametrize("question", ["min age for baclofen in kids?", "from what age can kids take baclofen"])
def test_a_question_naming_no_pump_ranks_the_tablets_before_the_pump(assistant, question):
    """"What age can children take it" asks about the tablets: the injection's passage, only
    about the pump, ranks below (voice.yaml `routes`)."""
    hits = [h.passage.id for h in assistant.knowledge.retriever.search(question).hits]
    assert hits.index("who-can-take-baclofen-1") < hits.index("who-can-take-baclofen-2")


def test_a_question_naming_the_pump_keeps_the_pumps_passages(assistant):
    hits = [h.passage.id for h in assistant.knowledge.retriever.search("what age can a child have a baclofen pump").hits]
    assert hits[0] == "who-can-take-baclofen-2"



def test_a_pump_named_earlier_in_the_conversation_keeps_the_pumps_passages(assistant):
    """"I've had a pump for years" / "it doesn't work as well anymore": the conversation names
    the route, so the pump's passage is not ranked down (the setting of `Retriever.search`)."""
    from assistant.conversation import Conversation
    conversation = Conversation()
    assistant.respond("I've had a baclofen pump for years", conversation=conversation)
    reply = assistant.respond("it doesnt seem to work as well anymore, why?", conversation=conversation)
    assert reply.quotes[0].passage_id == "how-long-to-take-baclofen-for-2"
