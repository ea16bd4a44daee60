from assistant.text import normalise, stem, strip_reference_markers, words


def test_normalise_follows_the_quote_check_rules():
    assert normalise("It’s  best\u00a0not‐to drink 13).") == "it's best not-to drink."
    assert normalise("ＦＵＬＬWIDTH") == "fullwidth"


def test_reference_markers_are_removed_but_doses_in_brackets_stay():
    assert strip_reference_markers("fatigue 13).") == "fatigue."
    assert strip_reference_markers("such as 20), 21), 22):") == "such as:"
    assert strip_reference_markers("disorder31), 32), 33):") == "disorder:"
    assert strip_reference_markers("(20 mg four times a day)") == "(20 mg four times a day)"


def test_words_split_units_and_drop_contractions():
    assert words("I took 200mg, can't sleep") == ["i", "took", "200", "mg", "can", "sleep"]


def test_stemming_works_offline_with_nltk_snowball():
    assert stem("overdosing") == stem("overdose") == "overdos"
    assert stem("doses") == "dose"
