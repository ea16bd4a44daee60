"""The dose ledger and temperature readings (assistant/amounts.py), through the escalator that
uses them, so the words come from knowledge/concepts.en.yaml as in the product."""

import pytest

from assistant.escalation import load_escalator


@pytest.fixture(scope="module")
def escalator():
    return load_escalator()


def level(escalator, message):
    """The level the rules' readings give (the learned net, which may raise it, left out)."""
    found = escalator.check(message, escalator.learned_ids)
    return found.rule.level if found else "none"


@pytest.mark.parametrize("message", [
    "took 30mg at 6, 30 at 9 and another 30 at noon",
    "gave her 15 ml at 5pm and 15 ml again at 7pm of the 5mg/ml liquid",
    "I swallowed my 20 mg dose at 8, 10, 12, 2 and 4 today",
    "2 tabs x 20mg five times today",
    # "my usual 60mg" is a dose taken, not a tablet strength: "another 60" is 60 mg more, not
    # 60 tablets of 60 mg read as one intake (which no sum of intakes then caught)
    "took my usual 60mg and then another 60 an hour later",
])
def test_intakes_that_add_up_past_the_daily_maximum_are_an_emergency(escalator, message):
    assert level(escalator, message) == "emergency"


@pytest.mark.parametrize("message", [
    "I take 20 mg at 8, 20 at 2 and 20 at 8, is that ok",
    "I took 40mg of prednisone and then 10mg of baclofen",
    "she took 100mg of sertraline this morning and 10 mg baclofen, any interaction",
    "he weighs 70 kg and takes 10 mg 3 times a day",
])
def test_amounts_within_the_maximum_or_of_another_medicine_are_not_added_up(escalator, message):
    assert level(escalator, message) == "none"


def test_ledger_reads_clock_times_ages_and_weights_as_no_amount(escalator):
    english = escalator.languages["en"]
    from assistant.amounts import ledger
    words = english.words("at 9 he was 9 years old and 70 kg")
    assert ledger(words, english.units, 20, 5) == []


@pytest.mark.parametrize("message", [
    # an age said with "is"/"am" beside a tablet strength was read as that many tablets (trial
    # 35-c: 54 x 5 mg = 270 mg, an overdose emergency for a first dose)
    "Hi, I'm 54 and have had MS for years. My neurologist started me on baclofen 5mg three times a day "
    "and I took my first one this morning. How soon will it work?",
    "I am 45 and I take baclofen 10mg, I took one an hour ago and feel a bit dizzy",
    "my nan is 91 and on 10 mg tablets, she had one tonight, is she ok to have a cup of tea",
])
def test_an_age_beside_a_tablet_strength_is_not_a_count_of_tablets(escalator, message):
    assert level(escalator, message) == "none"


@pytest.mark.parametrize("message", [
    "my son is 4 and swallowed 10 of my 20mg tablets",
    "she is 30 and took 30 of her 10mg pills",
    "what she took was 300 mg",
])
def test_an_amount_with_its_unit_after_is_or_am_still_counts(escalator, message):
    assert level(escalator, message) == "emergency"


@pytest.mark.parametrize("message,expected", [
    ("pump patient, temp 39.4 tonight", "urgent"),
    ("38.9 degrees and he had his pump refilled monday", "urgent"),
    ("my temperature is 36.8 and I have a pump, all fine?", "none"),
    ("pump fitted, temp 37.2 this morning, normal?", "none"),
    # a sentence ending before the temperature word does not keep the reading from counting
    ("my son has a pump. temperature 36.8 today, he's fine, just tired", "none"),
    ("my son has a pump. temp 39.2 today", "urgent"),
])
def test_a_temperature_reading_is_a_fever_only_at_or_above_the_threshold(escalator, message, expected):
    assert level(escalator, message) == expected


def test_a_negated_pump_does_not_make_a_fever_a_pump_fever(escalator):
    assert level(escalator, "no pump, just tablets, and a 38.6 fever from flu - can I keep taking it") == "none"
    assert level(escalator, "i have a pump and a fever of 38.6") == "urgent"


@pytest.mark.parametrize("message,expected", [
    ("his sats are 84 and he is very sleepy after baclofen", "emergency"),
    ("my oxygen sats are 97, is baclofen ok for my lungs", "none"),
])
def test_an_oxygen_saturation_below_the_threshold_is_trouble_breathing(escalator, message, expected):
    assert level(escalator, message) == expected


@pytest.mark.parametrize("message,expected", [
    ("my wife took six of her 10mg tablets instead of one this morning", "emergency"),
    ("I took 2 instead of 1 by mistake this morning", "urgent"),
])
def test_four_times_the_usual_dose_at_once_is_an_excessive_amount(escalator, message, expected):
    assert level(escalator, message) == expected


@pytest.mark.parametrize("message,expected", [
    ("my husband took 5 times his normal dose by accident", "emergency"),
    ("i gave my son 10x his usual dose, misread the syringe", "emergency"),
    ("took 4 times my dose this morning", "emergency"),
    ("gave her 3 times her evening dose by mistake", "urgent"),
    ("i took 2 times my dose by mistake", "urgent"),
    ("is 4 times a day my dose too much", "none"),
    ("what happens if someone takes 10 times the dose", "none"),
    ("my dose now is 3 times what it was last year", "none"),
])
def test_a_multiple_of_the_dose_is_read_as_that_many_doses(escalator, message, expected):
    """"N times (his usual) dose": four or more is an excessive amount, two or three an extra
    dose; "4 times a day" names no dose."""
    assert level(escalator, message) == expected


@pytest.mark.parametrize("message,expected", [
    ("my pulse is 72 on baclofen, is that ok?", "none"),
    ("pulse 70, bp 120/75, feeling good on baclofen, can I go up a dose?", "none"),
    ("her pulse was 66 this morning, she takes baclofen, normal?", "none"),
    ("sats 84 and she is so sleepy on baclofen", "emergency"),
    ("his pulse is 38 and he is very drowsy after extra baclofen", "emergency"),
])
def test_a_pulse_is_no_oxygen_saturation(escalator, message, expected):
    """"pulse ox" names an oximeter: its last word is read, so "pulse 72" is a heart rate (a
    normal one), never a saturation of 72 %."""
    assert level(escalator, message) == expected


@pytest.mark.parametrize("message, times", [
    ("took my dose at 6 this morning and again at 7", ["7"]),
    ("at 8 and 9 and 10", ["9", "10"]),
    ("his tablet at 11 and another at 12", ["12"]),
    ("took my dose at 8 and again at 2", []),  # six hours on, read on the clock
    ("the pharmacy opens at 9, the bus goes at 10", []),
])
def test_clock_times_closer_than_the_dose_gap_are_read_as_doses_taken_again(escalator, message, times):
    from assistant.amounts import close_dose_times
    english = escalator.languages["en"]
    words = english.words(message)
    found = close_dose_times(words, english.units, escalator.doses.min_dose_gap_hours)
    assert [words[i] for i in found] == times


@pytest.mark.parametrize("message", [
    "i took 30, the 10mg ones",
    "took 6, the 20 mg",
    "my dad took 8, they're the 20mg ones",
    "he took 15. the 10mg",
])
def test_a_count_taken_whose_strength_follows_in_a_clause_set_off_is_counted_as_those_pills(escalator, message):
    """"took 30, the 10mg ones" is 300 mg (`strength_set_off`; H228): a bare "took 30" alone may
    be milligrams."""
    assert level(escalator, message) == "emergency"


@pytest.mark.parametrize("message", ["i took 2, the 10mg ones", "i took 30", "i took 30, 10mg of it at 8"])
def test_a_small_count_or_a_bare_one_is_no_overdose(escalator, message):
    assert level(escalator, message) == "none"


@pytest.mark.parametrize("message", [
    "took my evening one late, around 11",
    "took my tablet a bit late, about 10",
    "I took mine late, roughly 9",
    "took my dose earlier, forgot what time, maybe 9",
    "swallowed my tablet late tonight, about 11",
    "I took my pill late, around 10",
])
def test_a_hedged_number_after_one_dose_taken_is_a_time_not_a_count(escalator, message):
    """One dose named as what was taken, and no more pills than that: "around 11" is when
    (`one_dose`, `many_doses`; H232). The rules read each as eleven pills."""
    assert escalator.check(message, escalator.learned_ids) is None


@pytest.mark.parametrize("message", [
    "took his pills, maybe 15",
    "took some, like 12",
    "she took loads earlier, maybe 20",
    "i took my tablet, then another, maybe 12",
    "I took like 12",
    "i took 1, maybe 20 in total",
])
def test_a_hedged_count_of_more_than_one_dose_is_still_an_overdose(escalator, message):
    assert level(escalator, message) == "emergency"


@pytest.mark.parametrize("message", [
    "the amount my son swallowed was 13",
    "the count she took is 25, her 10mg ones",
    "the number of pills she took was 30",
    "the total he swallowed is 18, all 20mg baclofen",
    "the number she took was 12, they're her 10mg baclofen",
])
def test_the_count_taken_said_as_what_an_amount_was_is_read_by_the_rules(escalator, message):
    """"the number she took was 12" (units `copulas`, `amount_nouns`; H233): the rules read the
    count, not only the learned net."""
    found = escalator.check(message, escalator.learned_ids)
    assert found is not None and found.rule.level == "emergency"


@pytest.mark.parametrize("message", [
    "the number of tablets she took was 3",
    "the number of years she has taken it is 12",
    "the amount of time he took was 10 minutes",
    "the total i took today is 40 mg",
    "the total number she took last week was 21, 3 a day as prescribed",
])
def test_a_small_count_or_another_amount_said_after_was_is_no_overdose(escalator, message):
    assert escalator.check(message, escalator.learned_ids) is None


@pytest.mark.parametrize("message", [
    "took my dose and then like a dozen",
    "took my pill and then maybe 15",
    "took my tablet, kept going, about 20",
])
def test_a_hedged_count_taken_after_one_dose_is_still_an_overdose(escalator, message):
    """Red team 37-e's first run: "and then", "kept going" tell more taken after the one dose."""
    assert level(escalator, message) == "emergency"
