"""Lay language, brand names and misspellings land on the right monograph quote."""

import dataclasses

import pytest

from assistant.monograph import ELLIPSIS
from assistant.retriever import Retriever
from assistant.text import normalise


def top_texts(assistant, question, k=3):
    return [normalise(q.text) for q in assistant.respond(question, k).quotes]


@pytest.mark.parametrize("question, snippet", [
    ("can I have a beer on baclofen", "best not to drink alcohol"),
    ("is wine ok with this med", "alcohol"),
    ("can I smoke weed on baclofen", "cannabis"),
    ("does baclofen make you pee more", "urin"),
    ("can you get hooked on baclofen", "baclofen is addictive"),
    ("if I keep throwing up will the pill still protect me", "contraceptive pills may not protect you"),
    ("can I take baclofen if I'm pregnant", "pregnan"),
    ("how fast does baclofen kick in", "start to work after 1 hour"),
])
def test_lay_words_find_the_monograph_words(assistant, question, snippet):
    texts = top_texts(assistant, question)
    assert texts, f"{question!r} was not answered"
    assert snippet in texts[0]


@pytest.mark.parametrize("brand, generic", [
    ("Xanax", "alprazolam"), ("Neurontin", "gabapentin"), ("Ambien", "zolpidem"),
    ("Lyrica", "pregabalin"), ("Klonopin", "clonazepam"), ("Zyrtec", "cetirizine"),
    ("Norco", "hydrocodone"), ("CBD", "cannabidiol"),
])
def test_brand_names_find_the_generic_in_the_interaction_list(assistant, brand, generic):
    texts = top_texts(assistant, f"can I take {brand} with baclofen")
    assert any(f"• {generic}" in text for text in texts), texts


@pytest.mark.parametrize("question, snippet", [
    ("baclofin and alchohol", "alcohol"),
    ("bacolfen alcahol", "alcohol"),
    ("is baclofen safe when pregnent", "pregnan"),
    ("xanex with baclofen", "alprazolam"),
    ("siezures on baclofen", "seizure"),
])
def test_misspellings_are_corrected_generally_not_from_a_list(assistant, question, snippet):
    reply = assistant.respond(question)
    assert reply.answered
    assert any(snippet in normalise(q.text) for q in reply.quotes)
    assert reply.corrections, "the reply should say how it read the misspelt word"


def test_a_long_list_is_quoted_precisely(assistant):
    quote = assistant.respond("can I take gabapentin with baclofen").quotes[0]
    lines = quote.text.splitlines()
    assert lines[0].startswith("Using Baclofen with any of the following medicines")
    assert "• Gabapentin" in lines and "• Gabapentin Enacarbil" in lines
    assert ELLIPSIS in lines
    assert len([line for line in lines if line.startswith("•")]) == 2  # not all 62


def test_a_long_list_says_how_many_items_are_left_out(assistant):
    quote = assistant.respond("can I take gabapentin with baclofen").quotes[0]
    assert quote.more == 60 and quote.more_note == "… and 60 more in this list."
    assert quote.whole().text == assistant.knowledge.monograph.passage(quote.passage_id).text


@pytest.mark.parametrize("question, passage_id, items", [
    ("does a baclofen overdose cause blurred vision", "baclofen-overdose-2", 16),
    ("my child has a pump, when do I go to the emergency room if they are sweaty",
     "complications-of-intrathecal-baclofen-therapy-4", 10),
    ("who should not take baclofen if they have diabetes", "who-may-not-be-able-to-take-baclofen-1", 12),
])
def test_safety_lists_are_quoted_whole_even_when_one_item_matches(assistant, question,
                                                                  passage_id, items):
    quote = next(q for q in assistant.respond(question).quotes if q.passage_id == passage_id)
    assert quote.text.count("•") == items and ELLIPSIS not in quote.text
    assert not quote.shortened and quote.more_note is None


def test_a_short_list_is_quoted_whole(assistant):
    quote = assistant.respond("what happens if I stop taking baclofen").quotes
    # either of the monograph's two six-item withdrawal lists
    withdrawal = next(q for q in quote if "withdrawal" in q.text and "such as" in q.text)
    assert withdrawal.text.count("•") == 6 and ELLIPSIS not in withdrawal.text


@pytest.mark.parametrize("question", [
    "what's the weather like tomorrow",
    "recommend a good movie",
    "what's the dose of metformin",
    "how should I store baclofen",
    "how much tylenol can I take",
    "baclofen",
])
def test_questions_the_monograph_does_not_cover_get_a_plain_not_covered(assistant, question):
    reply = assistant.respond(question)
    assert not reply.answered and reply.quotes == ()
    assert "pharmacist or doctor" in reply.notice


@pytest.mark.parametrize("question, words", [
    ("can I take tylenol with baclofen", "Do not take other medicines unless they have been discussed"),
    ("is advil ok with my baclofen", "Do not take other medicines unless they have been discussed"),
    ("I take lisinopril, is baclofen ok", "are being treated for high blood pressure"),
])
def test_a_medicine_the_monograph_never_names_gets_its_general_advice(assistant, question, words):
    reply = assistant.respond(question)
    assert any(words in q.full_text for q in reply.quotes)
    assert any("is not named in the baclofen information" in line for line in reply.readings)


def test_the_drug_name_alone_carries_no_signal(assistant):
    reader = assistant.knowledge.retriever.reader
    assert reader.read("baclofen baclofen Lioresal") == ()
    assert [t.surface for t in reader.read("baclofen and alcohol")] == ["alcohol"]


def test_headings_that_are_patients_questions_win(assistant):
    reply = assistant.respond("what should I do if I forget a dose")
    assert reply.quotes[0].section == "What should I do if I forget a dose?"


def test_quotes_highlight_the_questions_words(assistant):
    quote = assistant.respond("can I drink alcohol").quotes[0]
    highlighted = {quote.text[a:b].lower() for a, b in quote.highlights}
    assert "alcohol" in highlighted


def test_words_the_monograph_never_uses_do_not_count_against_coverage(assistant):
    """A minority of unknown words ("hair") leaves the question answered on the words the
    monograph does use; without the mechanism the same question is "not covered"."""
    retriever = assistant.knowledge.retriever
    question = "what about hair loss when stopping baclofen"
    assert retriever.settings.known_only_share >= 0.5
    assert retriever.search(question).confident
    strict = Retriever(assistant.knowledge.monograph, retriever.reader.lexicon,
                       retriever.reader.stopwords,
                       dataclasses.replace(retriever.settings, known_only_share=0.0),
                       questions=retriever.questions, answer_types=retriever.answer_types,
                       voices=retriever.voices)
    assert not strict.search(question).confident


@pytest.mark.parametrize("question", [
    "can dogs take baclofen",  # every content word unknown to the monograph
    "tell me a joke",  # the unknown word is most of the question
    "what's the weather in London",
])
def test_questions_mostly_about_unknown_words_stay_not_covered(assistant, question):
    assert not assistant.respond(question).answered


def test_a_comparison_with_another_medicine_is_not_covered(assistant):
    """The monograph never weighs baclofen against another medicine; the same words without a
    medicine, or the medicine without a comparison, are still answered."""
    assert not assistant.respond("which is stronger, baclofen or robaxin").quotes
    assert not assistant.respond("is tizanidine better than baclofen").quotes
    assert assistant.respond("can i take robaxin with baclofen").quotes


@pytest.mark.parametrize("question", [
    "I'm on baclofen for my back and my GP has added naproxen. What's the maximum dose of naproxen a day?",
    "My husband takes baclofen. How much melatonin can he have at night?",
    "My neurologist prescribed baclofen and orphenadrine. What is the usual orphenadrine dosage?",
])
def test_another_medicines_dose_asked_in_a_sentence_of_its_own_is_not_covered(assistant, question):
    """The monograph gives no other medicine's dose; naming baclofen in the background does not
    make the dose question about the pair."""
    assert not assistant.respond(question).quotes


@pytest.mark.parametrize("question", [
    "I take sertraline. Can I take a lower dose of sertraline while on baclofen?",
    "I take Zoloft and a low dose of something for anxiety. Do I need to tell the doctor before I start baclofen?",
])
def test_a_dose_of_another_medicine_asked_with_baclofen_or_told_is_still_answered(assistant, question):
    assert assistant.respond(question).quotes


def test_background_sentences_weigh_less_than_the_question_in_the_ranking(assistant):
    """RetrieverSettings.background_coverage: the words of a sentence that tells ("I picked up my
    prescription … from the pharmacy") count half towards a passage's coverage when ranking."""
    ids = [q.passage_id for q in assistant.respond(
        "I picked up my prescription this morning from the pharmacy. How long does baclofen take to work?").quotes]
    assert ids[0] == "how-long-does-baclofen-take-to-work-1"
    ids = [q.passage_id for q in assistant.respond(
        "Just collected my first box from the chemist and the pharmacist was busy. What are the side effects?").quotes]
    assert "baclofen-side-effects-1" in ids


def test_a_lexicon_phrase_naming_the_drug_matches_a_question_naming_it(assistant):
    """Questions are read with the drug's names as "it"; lexicon phrases are read the same way,
    so "history of baclofen" (a phrase) meets "the history of lioresal" (a question)."""
    reader = assistant.knowledge.retriever.reader
    terms = reader.read("tell me the history of lioresal")
    assert any(t.kind == "synonym" and "approv" in t.stems for t in terms)


@pytest.mark.parametrize("plain, chatty", [
    ("how does baclofen work in the body", "how does baclofen actually work in the body"),
    ("what is clonus", "what literally is clonus"),
    ("can i drink on baclofen", "i heard, can i drink on baclofen"),
])
def test_filler_words_are_removed_before_lay_phrases_are_matched(assistant, plain, chatty):
    """A filler between the words of a lay phrase ("how does it actually work") leaves the
    phrase whole: the question is read exactly as without the filler."""
    reader = assistant.knowledge.retriever.reader
    assert [t.stems for t in reader.read(chatty)] == [t.stems for t in reader.read(plain)]


def test_a_filler_does_not_count_as_naming_the_drug(assistant):
    """"just wondering" names nothing: a question about another medicine alone stays not
    covered with it."""
    assert not assistant.respond("is zolpidem addictive, just wondering").quotes


@pytest.mark.parametrize("alone", ["what dose of melatonin should i take for sleep",
                                   "is valerian root a good sleep aid"])
def test_a_supplement_asked_about_alone_is_not_covered(assistant, alone):
    assert not assistant.respond(alone).quotes


def test_a_supplement_with_baclofen_gets_the_advice_on_supplements(assistant):
    reply = assistant.respond("can i take melatonin with baclofen")
    assert reply.quotes and "herbal remedies and supplements" in reply.quotes[0].full_text


@pytest.mark.parametrize("question", ["is multiple sclerosis hereditary",
                                      "what helps spasticity after a stroke?",
                                      "can you recommend a good MS neurologist in Boston?",
                                      "What are the symptoms of porphyria?", "is schizophrenia genetic?",
                                      "What causes cerebral palsy?", "is there a cure for ms"])
def test_a_question_about_the_condition_itself_is_not_covered(assistant, question):
    assert not assistant.respond(question).quotes


@pytest.mark.parametrize("question", ["how long is a cold contagious for", "how often should i water a cactus",
                                      "how long does a cold sore last", "how often should i change my toothbrush"])
def test_a_question_about_something_else_entirely_is_not_covered(assistant, question):
    """No baclofen, "it" or form of it, a weightiest word the monograph never uses, and only
    everyday words beside it: whatever people asked beside baclofen, this asks about something
    else (retrieval-experiments §23)."""
    assert not assistant.respond(question).quotes


@pytest.mark.parametrize("question", ["can i drink alcohol", "I feel faint when I stand up",
                                      "kidney disease effects stronger?", "do i need regular checkups",
                                      "i've struggled with depression in the past, anything i should know before starting",
                                      "how long does the drowsiness last", "does this work for heartburn",
                                      "can they give this by iv", "feel like a zombie all day",
                                      "whats the starting amount for a grownup"])
def test_a_question_with_a_word_of_the_monographs_own_is_still_answered(assistant, question):
    """A word of the monograph's own beside the unknown one, a word pointing at the medicine
    ("this"), or a statement: the question is still read."""
    assert assistant.respond(question).quotes


@pytest.mark.parametrize("question", ["what is spasticity", "what does ms mean",
                                      "why do muscles get stiff after a spinal cord injury? what is spasticity exactly",
                                      "I had a stroke last year", "can ms patients take baclofen",
                                      "is spasticity from ms treated with this medicine?",
                                      "I have epilepsy, can I take baclofen?", "is baclofen safe for diabetics",
                                      "does baclofen cure ms"])
def test_a_condition_named_with_the_medicine_or_asked_as_a_word_is_still_answered(assistant, question):
    """The condition rule leaves alone what a word means, statements, and questions naming
    baclofen, "this medicine" or a form of it."""
    assert assistant.respond(question).quotes


@pytest.mark.parametrize("question", ["what is spasticity exactly, why do my legs go so stiff",
                                      "what is MS, why does my mum get so stiff",
                                      "what is cerebral palsy exactly, why are my daughter's legs so tight"])
def test_what_a_condition_is_asked_before_a_comma_is_a_question_of_its_own(assistant, question):
    """A comma before a question's first word ends a sentence: "what is spasticity exactly" asks
    what the word means, so the message is no question about the condition alone."""
    assert assistant.respond(question).quotes


def test_a_comma_before_another_question_about_the_condition_still_leaves_it_uncovered(assistant):
    assert not assistant.respond("what causes ALS, what is the best treatment").quotes


@pytest.mark.parametrize("question", [
    "can I mix the baclofen granules into yogurt for my son who hates the taste",
    "can the granules go in pudding, my boy hates the taste of everything",
    "what soft foods can the granules be sprinkled on, my daughter who spits it out is 4",
])
def test_a_lacking_topic_given_only_as_a_reason_does_not_refuse_the_question(assistant, question):
    """The taste is the reason for asking, not the topic: the granules' instructions answer it."""
    texts = top_texts(assistant, question)
    assert texts and "soft food" in texts[0], texts


@pytest.mark.parametrize("question", [
    "I have a thyroid problem, can I take baclofen?",
    "can my daughter who has a thyroid problem take baclofen",
    "my kid says it tastes bitter, is that normal",
    "what does baclofen taste like",
])
def test_a_lacking_topic_that_is_what_the_question_asks_still_refuses(assistant, question):
    assert not assistant.respond(question).quotes


@pytest.mark.parametrize("question, snippet", [
    ("can lyvispah go in his food", "granules"),
    ("how do I take the lyvispah packets", "granules"),
    ("how do i take lyvispah granules", "granules"),
])
def test_a_brand_sold_in_one_form_asks_about_that_form(assistant, question, snippet):
    """The brand's form ranks its passages first; "how do I take it" alone quotes the label's
    directions."""
    texts = top_texts(assistant, question)
    assert texts and snippet in texts[0], texts


def test_a_brand_named_beside_the_drug_asks_about_the_names(assistant):
    """"Is Ozobax the same as baclofen" asks what the names are, not how the liquid is taken."""
    texts = top_texts(assistant, "is ozobax the same as baclofen")
    assert texts and "brand names" in texts[0], texts


def test_a_rare_word_only_one_passage_uses_answers_a_short_question(assistant):
    """"oral bioavailability?" scores low everywhere (the passage is long), yet only one passage
    says "bioavailability": that word, most of the question's weight, answers it."""
    reply = assistant.respond("oral bioavailability of baclofen?")
    assert reply.quotes and "bioavailability" in reply.quotes[0].text
    # the mechanism, where no question people asked says the word (a read set asked about it)
    retriever = assistant.knowledge.retriever
    alone = Retriever(assistant.knowledge.monograph, retriever.reader.lexicon, retriever.reader.stopwords,
                      questions=retriever.questions, answer_types=retriever.answer_types, voices=retriever.voices)
    assert alone.search("oral bioavailability of baclofen?").confident
    assert not alone.search("oral bioavailability of baclofen?", anchored=False).confident


@pytest.mark.parametrize("question", ["can the granules go in yoghurt",
                                      "is it ok to mix the liquid with fromage frais or yoghurt"])
def test_a_british_spelling_is_read_as_the_monographs_american_one(assistant, question):
    reply = assistant.respond(question)
    assert ("yoghurt", "yogurt") in reply.corrections
    assert any("yogurt" in quote.text for quote in reply.quotes)


@pytest.mark.parametrize("question", ["does baclofen make you sleepy", "will baclofen make me wee more"])
def test_a_side_effect_question_opens_on_side_effects_not_the_overdose_list(assistant, question):
    """The overdose list names the same symptoms ("drowsiness"); a question about living with
    the medicine wants its side effects (answer type `side_effect`)."""
    reply = assistant.respond(question)
    assert reply.quotes and reply.quotes[0].section != "Baclofen overdose"
    assert any("side effect" in q.text.lower() or q.section == "Baclofen side effects" for q in reply.quotes[:2])


@pytest.mark.parametrize("message", ["4", "10", "2.5"])
def test_a_bare_number_is_no_question(assistant, message):
    """A new user's trial got the pharmacokinetics passage for "4" (its number matched)."""
    assert not assistant.respond(message).quotes


@pytest.mark.parametrize("question", ["what should I do if my child swallows baclofen",
                                      "what would happen if a kid ate some of my baclofen"])
def test_a_question_about_a_child_swallowing_it_quotes_the_overdose_passage_first(assistant, question):
    """Issue 9's example and a third new user's trial: the granule instructions came first."""
    reply = assistant.respond(question)
    assert reply.escalation.level == "none" and reply.quotes[0].passage_id == "baclofen-overdose-1"


@pytest.mark.parametrize("question", ["can my child swallow the tablet whole?",
                                      "how should my son take his baclofen tablets?",
                                      "I'm breastfeeding my 3 month old, does baclofen get into breast milk?"])
def test_taking_a_dose_or_passing_into_milk_is_no_accident(assistant, question):
    assert assistant.respond(question).quotes[0].passage_id != "baclofen-overdose-1"


@pytest.mark.parametrize("question", ["arent the side effects worse at first", "i hadnt taken it for two days",
                                      "theyve doubled my dose, is that safe"])
def test_a_contraction_typed_without_its_apostrophe_is_not_read_as_a_typo(assistant, question):
    assert assistant.respond(question).corrections == ()


@pytest.mark.parametrize("question", ["what time of day should i take baclofen", "best time of day to take baclofen",
                                      "can i take it once a day at bedtime only?"])
def test_when_in_the_day_to_take_it_is_answered_with_what_the_monograph_says_of_timing(assistant, question):
    text = " ".join(q.text for q in assistant.respond(question).quotes)
    assert any(s in text for s in ("3 times a day", "three to four times daily", "administrated frequently"))


@pytest.mark.parametrize("message, section", [
    ("What is baclofen actually used for? My husband with MS was just given it by his neurologist.", "Baclofen uses"),
    ("My husband drives a delivery van for work. Can he keep driving on baclofen?", "Can I drive"),
    ("How do I give my 13-year-old his baclofen granules? He hates the taste.", "Baclofen dosage"),
])
def test_a_question_told_with_its_background_is_answered_from_the_question(assistant, message, section):
    """A carer's trial: the background's everyday words, which the monograph never uses, sank
    the question below the confidence gate ("I can't find this")."""
    assert section in assistant.respond(message).quotes[0].section


@pytest.mark.parametrize("message", [
    "My baclofen refill looks different this month, a white oval tablet with a number on it instead of the round one. Is it the same pill?",
    "Baclofen is cheaper in my country. Can I carry 3 months of tablets on the airplane?",
])
def test_a_weak_match_of_the_question_alone_does_not_answer_what_the_monograph_does_not_cover(assistant, message):
    assert not assistant.respond(message).answered


@pytest.mark.parametrize("question", [
    "when should i take baclofen",
    "what time should i take my baclofen",
    "whats the best time of day to take baclofen",
])
def test_when_to_take_it_is_answered_with_how_often_it_is_taken(assistant, question):
    reply = assistant.respond(question)
    assert reply.answered and any("times daily at evenly spaced intervals" in q.text for q in reply.quotes)


@pytest.mark.parametrize("question", [
    "how do i ask for a second opinion about my neurologist",
    "my tablet is stamped with a letter on one side, is it baclofen",
    "is my repeat prescription for baclofen still valid",
])
def test_errands_around_the_medicine_are_not_covered(assistant, question):
    assert not assistant.respond(question).answered


def test_getting_rid_of_leftover_medicine_is_not_covered_and_not_read_as_vomiting(assistant):
    """"throw away" had matched the overdose passage's "throwing up" (a new user's trial)."""
    assert not assistant.respond("how do I throw away leftover baclofen").quotes
    assert assistant.respond("after i push the baclofen through the ng tube do i need to flush it").quotes


@pytest.mark.parametrize("question", ["can baclofen make it hard to sleep", "baclofen keeps me awake at night"])
def test_sleeplessness_in_everyday_words_finds_the_side_effect(assistant, question):
    assert any("trouble sleeping" in t or "difficulty falling asleep" in t for t in top_texts(assistant, question))


@pytest.mark.parametrize("question", ["I have stage 3 CKD, is baclofen ok for me?", "my eGFR is 40, should my baclofen dose be lower?",
                                      "my creatinine is high, can I take baclofen"])
def test_a_kidney_condition_named_by_its_clinic_abbreviation_or_test_finds_the_kidney_caution(assistant, question):
    assert any("kidney impairment" in t for t in top_texts(assistant, question))


@pytest.mark.parametrize("question", ["I have sleep apnea, is baclofen safe", "mum uses a cpap machine at night, can she take baclofen"])
def test_sleep_apnoea_finds_the_caution_on_respiratory_disease(assistant, question):
    assert any("respiratory disease" in t for t in top_texts(assistant, question))


def test_another_alcohol_use_disorder_medicine_alone_is_not_covered_but_with_baclofen_gets_the_advice(assistant):
    assert not assistant.respond("What's the dose of naltrexone for alcohol cravings?").quotes
    reply = assistant.respond("can I take naltrexone with baclofen")
    assert reply.quotes and "central nervous system" in reply.quotes[0].full_text


@pytest.mark.parametrize("question, sections", [
    ("is it safe in pregnancy? also what are the side effects?", ("pregnancy", "side effects")),
    ("can i drink alcohol on it? and can i drive?", ("alcohol", "drive")),
    ("what happens if i stop suddenly? and can i have a beer at the weekend?", ("stopping", "alcohol")),
])
def test_two_questions_in_one_message_are_both_answered_among_the_quotes(assistant, question, sections):
    """Each sentence asking its own question is searched alone too, and its best passage shown
    (`RetrieverSettings.min_asked_words`)."""
    shown = " | ".join(q.section.lower() for q in assistant.respond(question, 3).quotes)
    assert all(s in shown for s in sections), shown


def test_one_question_keeps_the_ranking_of_the_whole_message(assistant):
    question = "im on it for my MS legs and have been for two weeks now. can i drink alcohol on it?"
    assert assistant.respond(question, 3).quotes[0].section == "Can I drink alcohol while taking baclofen?"
