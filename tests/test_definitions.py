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
