""""What does X mean?" is answered with the monograph's own explanation of X, quoted verbatim."""

import pytest

from assistant.monograph import ELLIPSIS


@pytest.mark.parametrize("question, passage_id, explanation", [
    ("what does spasticity mean", "baclofen-1", "spasticity (muscle stiffness and tightness)"),
    ("what does spastisity mean?", "baclofen-1", "spasticity (muscle stiffness and tightness)"),
    ("What are hallucinations?", "what-will-happen-if-i-stop-taking-baclofen-2",
     "seeing things that are not there (hallucinations)"),
    ("what is porphyria", "who-may-not-be-able-to-take-baclofen-1",
     "have a rare blood disorder called porphyria"),
    ("what is a programmer", "intrathecal-baclofen-7", "A very small computer, called a programmer"),
    ("what is Ozobax", "baclofen-1", "sold by brand names Kemstro, Lioresal, Fleqsuvy, Lyvispah, Ozobax"),
    ("what is baclofen", "baclofen-1", "is a prescription muscle relaxant drug"),
])
def test_the_monographs_own_explanation_is_quoted_first(assistant, question, passage_id,
                                                        explanation):
    reply = assistant.respond(question)
    first = reply.quotes[0]
    assert first.passage_id == passage_id
    assert explanation in " ".join(first.text.split())
    lines = assistant.knowledge.monograph.passage(passage_id).text.splitlines()
    assert all(line in lines for line in first.text.splitlines() if line != ELLIPSIS)


def test_a_word_the_monograph_does_not_explain_gets_only_monograph_lines(assistant):
    for quote in assistant.respond("what does clonus mean").quotes:
        lines = assistant.knowledge.monograph.passage(quote.passage_id).text.splitlines()
        assert all(line in lines for line in quote.text.splitlines() if line != ELLIPSIS)


def test_the_question_words_are_read_whole_not_inside_other_questions(assistant):
    definitions = assistant._definitions
    assert definitions.term("what does spasticity mean?") == "spasticity"
    assert definitions.term("What is an oral syringe") == "oral syringe"
    assert definitions.term("can I drink alcohol") is None


@pytest.mark.parametrize("question, section", [
    ("what are the side effects?", "side effects"),
    ("what are the withdrawal symptoms", "stop"),
])
def test_a_topic_question_is_not_answered_with_a_sentence_that_only_mentions_the_topic(assistant, question,
                                                                                        section):
    """"Side effects such as hallucinations … who are more sensitive" does not define side effects."""
    assert section in assistant.respond(question).quotes[0].section.lower()


@pytest.mark.parametrize("question, term", [
    ("the letter from her neurologist says she has spasticity. what does that mean in normal words?", "spasticity"),
    ("they said he might get hallucinations. what does that mean?", "hallucinations"),
    ("what does spasticity mean in simple terms", "spasticity"),
])
def test_a_meaning_asked_after_the_word_is_said_is_the_meaning_of_that_word(assistant, question, term):
    """"what does that mean" after a sentence points at its last word the monograph explains."""
    assert assistant._definitions.term(question, frozenset({"baclofen"})) == term


def test_the_drug_named_before_a_pointing_question_is_not_the_word_asked_about(assistant):
    """"baclofen is a GABA-B agonist. what does that mean" asks about the statement."""
    question = "my leaflet says baclofen is a GABA-B agonist. what does that mean in plain english"
    assert assistant._definitions.term(question, assistant.knowledge.retriever.drug_words) is None


def test_a_word_said_before_a_pointing_question_is_quoted_where_the_monograph_explains_it(assistant):
    reply = assistant.respond("the letter from her neurologist says she has spasticity. what does that mean?")
    assert reply.answered and "spasticity (muscle stiffness" in reply.quotes[0].text
