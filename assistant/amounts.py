"""What a message says was taken, added up: the dose ledger, and temperature readings.

A report of several intakes ("20mg at 7, 20 at 9, another 20 at 11", "4 tabs at 9, 4 at 10,
4 at 11. baclofen 10mg", "a double dose this morning, another double at lunch") is summed; the
escalator compares the total with the monograph's daily maximum. The words that mark units,
strengths and times are data (knowledge/concepts.<lang>.yaml `units`); the limits are
escalation.yaml's `doses`. Every reading errs towards the larger amount: a count of tablets with
no strength named is read at the largest tablet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from assistant.phrases import SENTENCE_BREAKS, is_number

Units = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Intake:
    """An amount reported as taken: ``mg`` in all, at word ``index``, ``times`` intakes."""

    mg: float
    index: int
    times: float = 1


def _unit(units: Units, key: str) -> frozenset[str]:
    return units.get(key, frozenset())


def named_strength(w: list[str], units: Units) -> float | None:
    """The tablet strength a message names ("10mg tablets", "baclofen 20 mg", "each 20mg",
    "x 20 mg"), the largest when several are named."""
    found = [float(w[i]) for i in range(len(w) - 1)
             if is_number(w[i]) and w[i + 1] in units["milligrams"] and is_strength(w, i, units)]
    return max(found) if found else None


def is_strength(w: list[str], i: int, units: Units) -> bool:
    """Whether the "N mg" at ``i`` names a strength rather than an amount taken: a tablet word
    or "each" follows it, or "of"/"x"/"each"/a drug name comes right before it."""
    after = w[i + 2] if i + 2 < len(w) else ""
    before = w[i - 1] if i > 0 else ""
    return (after in _unit(units, "strength_after") or after in _unit(units, "millilitres")
            or before in _unit(units, "strength_before"))


def is_time(w: list[str], i: int, units: Units) -> bool:
    """A clock time, a duration, an age, a weight or a phone number, never an amount: "at 9",
    "since 8", "9 am", "3 hours", "9 years old", "calling 911"."""
    before = w[i - 1] if i > 0 else ""
    after = w[i + 1] if i + 1 < len(w) else ""
    return (before in _unit(units, "before_time") or before in _unit(units, "before_phone")
            or after in _unit(units, "not_amounts"))



def is_age(w: list[str], i: int, units: Units) -> bool:
    """A bare number right after "is", "am" or "aged" with no unit after it: an age or a state
    ("I'm 54 and took my first one", "dad is 80"), never a count of pills."""
    after = w[i + 1] if i + 1 < len(w) else ""
    return (i > 0 and w[i - 1] in _unit(units, "before_age")
            and not any(after in _unit(units, u) for u in ("milligrams", "millilitres", "tablets", "grams")))


def _is_regimen(w: list[str], i: int, units: Units) -> bool:
    """An amount stated per day or per night ("up to 4 tablets a day", "20 mg daily"): a
    regimen, not an intake."""
    regimen = units.get("regimen", frozenset())
    following = " ".join(w[i + 1:i + 5])
    return any(f" {r} " in f" {following} " for r in regimen) and not any(
        x in SENTENCE_BREAKS or x == "," for x in w[i + 1:i + 3])


def _time_list(w: list[str], i: int, units: Units) -> int:
    """How many clock times a list starting at "at" ``i`` names: "at 7, 9, 11 and 1" is 4."""
    count, k = 0, i + 1
    while k < len(w) and is_number(w[k]) and not (k + 1 < len(w) and w[k + 1] in _unit(units, "before_time")):
        count += 1
        k += 1
        while k < len(w) and w[k] in _unit(units, "not_amounts"):
            k += 1
        if k < len(w) and w[k] in (",", "and") and k + 1 < len(w) and is_number(w[k + 1]):
            k += 1
            continue
        break
    return count


def ledger(w: list[str], units: Units, largest_tablet_mg: float, solution_mg_per_ml: float) -> list[Intake]:
    """Every amount the message reports taking, in mg, in order."""
    strength = named_strength(w, units) or largest_tablet_mg
    intakes: list[Intake] = []
    last: float | None = None  # the previous intake's amount, for "another" and "4 at 10"
    last_unit: str | None = None
    skip = -1  # the strength of "two 20mg tabs", already counted
    for i, word in enumerate(w):
        before = w[i - 1] if i > 0 else ""
        after = w[i + 1] if i + 1 < len(w) else ""
        if word in _unit(units, "multiples"):  # "a double dose", "another double at lunch"
            intakes.append(Intake(strength * (2 if word.startswith("doub") else 3), i))
            continue
        if word == "at":  # "my 20 mg dose at 7, 9, 11, 1, 3 and 5"
            times = _time_list(w, i, units)
            if times >= 2 and len(intakes) <= 1:
                dose = intakes.pop().mg if intakes else named_strength(w, units)
                if dose:
                    intakes.append(Intake(dose * times, i, times))
            continue
        if word in _unit(units, "another") and not is_number(after) and intakes \
                and (not after.isalpha() or after in units["tablets"]):
            intakes.append(Intake(last or strength, i))  # "... and I just took another."
            continue
        if not is_number(word) or is_time(w, i, units) or _is_regimen(w, i, units):
            continue
        value = float(word)
        if is_number(after) and i + 2 < len(w) and w[i + 2] in units["milligrams"]:
            mg, last_unit = value * float(after), "tablets"  # "two 20mg tabs"
            intakes.append(Intake(mg, i))
            last = mg
            skip = i + 1
            continue
        if i == skip:
            continue
        if after in units["milligrams"]:
            if is_strength(w, i, units):
                continue
            mg, last_unit = value, "mg"
        elif after in _unit(units, "millilitres"):
            mg, last_unit = value * solution_mg_per_ml, "ml"
        elif after in _unit(units, "repetitions") and intakes and not (i + 2 < len(w) and is_number(w[i + 2])):
            previous = intakes.pop()  # "10 mL three times", "2 tabs x 20mg five times today"
            intakes.append(Intake(previous.mg * value, i, previous.times * value))
            last = previous.mg
            continue
        elif after in units["tablets"] or (after in units["count_to_tablets"] and i + 2 < len(w)
                                           and w[i + 2] in units["tablets"]):
            mg, last_unit = value * strength, "tablets"
        elif is_age(w, i, units):
            continue  # "I'm 54 and took my first one": an age, not a count
        elif last_unit and (after in _unit(units, "more") or after in units["after_bare_count"]
                            or (before in _unit(units, "same_unit_before") and not after.isalpha())):
            mg = value if last_unit == "mg" else value * strength  # "another 20", "4 at 10", "2 more"
        elif after in units["after_bare_count"] and named_strength(w, units):
            mg, last_unit = value * strength, "tablets"  # "3 at breakfast 3 at lunch, each 20mg"
        else:
            continue
        intakes.append(Intake(mg, i))
        last = mg
    return intakes


def _just_before(w: list[str], i: int, reach: int = 3) -> list[str]:
    """The words just before word ``i`` in its own sentence ("pump. temperature 36.8": the
    temperature word counts, the sentence before does not)."""
    near = w[max(0, i - reach):i]
    breaks = [k for k, x in enumerate(near) if x in SENTENCE_BREAKS]
    return near[breaks[-1] + 1:] if breaks else near


def fever_readings(w: list[str], units: Units, celsius: float, fahrenheit: float,
                   celsius_range: tuple[float, float] = (30, 45),
                   fahrenheit_range: tuple[float, float] = (90, 115),
                   measured: bool = False) -> tuple[list[int], list[int]]:
    """Temperatures the message gives: (indices of readings at or above a fever, indices of
    normal ones). A reading is a number with a temperature unit, or one right after a
    temperature word ("temp 38.4", "temperature is 37.1"), or a decimal one after a measure word
    anywhere before it in the message, with no other unit beside it ("checked his temperature
    morning and night, it stayed around 37.2"; not "7.5 ml"); without a unit, a number in the
    Celsius range is Celsius and one in the Fahrenheit range Fahrenheit. ``measured``: the
    message answers talk of a temperature (a follow-up to a fever: "checked again, 37.1"), as if
    a measure word came before it."""
    fevers: list[int] = []
    normal: list[int] = []
    words = _unit(units, "temperature_words")
    measures = _unit(units, "temperature_measures")
    # a measure word earlier in the message ("checked his temperature ... 37.2"; "Temperature at
    # 6.45 this morning 37.1. At 6.45 tonight 38.8")
    other_units = (_unit(units, "milligrams") | _unit(units, "grams") | _unit(units, "millilitres")
                   | _unit(units, "oxygen_words") | _unit(units, "pulse_words"))
    for i, word in enumerate(w):
        measured = measured or word in measures
        if not is_number(word):
            continue
        after = w[i + 1] if i + 1 < len(w) else ""
        near = _just_before(w, i)
        value = float(word)
        if after in _unit(units, "celsius"):
            scale = "c"
        elif after in _unit(units, "fahrenheit"):
            scale = "f"
        elif after in words or any(x in words for x in near) or (
                measured and "." in word and after not in other_units
                and not any(x in other_units for x in near)):
            scale = ("c" if celsius_range[0] <= value <= celsius_range[1] else
                     "f" if fahrenheit_range[0] <= value <= fahrenheit_range[1] else "")
        elif (_one_decimal(word) and (celsius <= value <= celsius_range[1] or fahrenheit <= value <= fahrenheit_range[1])
              and not (after.isalpha() and after not in _unit(units, "after_bare_reading"))
              and not any(x in other_units or x in _unit(units, "not_temperature") for x in (*near, after))):
            # a febrile reading with no word at all ("what else makes him 38.9?", "she's 102.3
            # now"): a one-decimal number in a fever's range, nothing measured beside it
            scale = "c" if value <= celsius_range[1] else "f"
        else:
            continue
        if scale == "c" and celsius_range[0] <= value <= celsius_range[1]:
            (fevers if value >= celsius else normal).append(i)
        elif scale == "f" and fahrenheit_range[0] <= value <= fahrenheit_range[1]:
            (fevers if value >= fahrenheit else normal).append(i)
    return fevers, normal


def _one_decimal(word: str) -> bool:
    """A number written with one decimal place ("38.9", "102.3")."""
    whole, dot, tenths = word.partition(".")
    return bool(dot) and whole.isdigit() and len(tenths) == 1 and tenths.isdigit()


def low_readings(w: list[str], words: frozenset[str], low: float, threshold: float) -> list[int]:
    """Indices of readings between ``low`` and ``threshold`` within three words after one of
    ``words`` ("sats 85", "oxygen sat 79%", "pulse 38", "heart rate 35")."""
    found = []
    for i, word in enumerate(w):
        if is_number(word) and low <= float(word) < threshold:
            if any(x in words for x in _just_before(w, i)):
                found.append(i)
    return found


def _last_words(units: Units, key: str) -> frozenset[str]:
    """The last word of each phrase of a unit list: "pulse ox" is read as "ox", never as
    "pulse" (a pulse of 72 is no oxygen saturation of 72)."""
    return frozenset(p.split()[-1] for p in _unit(units, key))


def low_oxygen_readings(w: list[str], units: Units, threshold: float, lowest: float = 50) -> list[int]:
    """Oxygen saturations from ``lowest`` up to ``threshold`` ("sats 85", "oxygen sat 79%",
    "pulse ox 88")."""
    return low_readings(w, _last_words(units, "oxygen_words"), lowest, threshold)


def low_pulse_readings(w: list[str], units: Units, threshold: float, lowest: float = 15) -> list[int]:
    """Heart rates below ``threshold`` ("pulse 38", "heart rate 35"); "heart rate" is read as
    its last word."""
    return low_readings(w, _last_words(units, "pulse_words"), lowest, threshold)


def slow_breathing_readings(w: list[str], units: Units, threshold: float, lowest: float = 1) -> list[int]:
    """Breathing rates from ``lowest`` up to ``threshold`` a minute: a number soon after a clinical
    rate word ("RR 7", "resp rate 8"), or near a breathing word with a minute after it
    ("breathing only like 4 times a minute", "6 breaths a minute"); "a breathing treatment
    3 times a day" is no rate."""
    found = low_readings(w, _unit(units, "breath_rate_words"), lowest, threshold)
    breath, minute = _unit(units, "breath_words"), _unit(units, "minute_words")
    second = _unit(units, "second_words")
    for i, word in enumerate(w):
        if i in found or not is_number(word):
            continue
        if lowest <= float(word) < threshold:
            near, after = w[max(0, i - 3):i + 2], w[i + 1:i + 5]
            if (any(x in breath for x in near) and any(x in minute for x in after)
                    and not any(x in SENTENCE_BREAKS for x in w[max(0, i - 3):i + 4])):
                found.append(i)
        elif (float(word) > 0 and 60 / float(word) < threshold and i + 1 < len(w) and w[i + 1] in second
              and ((i > 0 and w[i - 1] == "every") or w[i + 2:i + 3] == ["between"])
              and any(x in breath for x in w[max(0, i - 8):i + 6])):
            # a breath every so many seconds, fewer than the threshold a minute ("the breathing
            # is every 15 seconds or so with a big gasp", "20 seconds between breaths")
            found.append(i)
    return sorted(found)


def count_drop(w: list[str], units: Units) -> tuple[int, float] | None:
    """A supply counted down: "started the bottle with 30 … counted 4 left", "bottle had 28
    yesterday, only 6 left". The index of the count left and how many are gone, or None."""
    starts, lefts = _unit(units, "count_start"), _unit(units, "count_left")
    measures = _unit(units, "milligrams") | _unit(units, "millilitres") | _unit(units, "grams")
    first: float | None = None
    for i, word in enumerate(w):
        if not is_number(word) or (i + 1 < len(w) and w[i + 1] in measures):
            continue
        if first is None:
            if i > 0 and w[i - 1] in starts:
                first = float(word)
        elif i + 1 < len(w) and w[i + 1] in lefts and first > float(word):
            return i, first - float(word)
    return None


def multiple_at_once(w: list[str], units: Units, factor: float) -> list[int]:
    """Indices of an amount taken in place of one ``factor`` or more times smaller ("five 10mg
    tablets instead of one", "70 mg at once instead of 10"): the count before "instead of"
    against the count after it; or of a multiple of the dose that large ("10x her dose")."""
    return ([taken for taken, usual in _in_place_of(w, units) if float(w[taken]) >= factor * usual]
            + [i for i, times in dose_multiples(w, units) if times >= factor])


def more_instead(w: list[str], units: Units) -> list[int]:
    """Indices of an amount larger than the one it was taken in place of ("2 tablets instead of
    1", "10 ml instead of my usual 5"), or of a multiple of the dose ("3 times his evening
    dose"): an extra dose. "5 mg instead of 10" is less, and "with food instead of on an empty
    stomach" no amount at all."""
    return ([taken for taken, usual in _in_place_of(w, units) if float(w[taken]) > usual]
            + [i for i, times in dose_multiples(w, units) if times > 1])


# the words that carry a list of clock times on ("at 8 and 9", "at 6 and again at 7", "at 9 and
# another at 10", "at 8, 9 and 10")
_TIME_LINKS = frozenset({"and", ",", "again", "another", "then", "at", "one", "1", "&"})


def close_dose_times(w: list[str], units: Units, min_gap_hours: float) -> list[int]:
    """Indices of the clock times of a dose taken again sooner than ``min_gap_hours`` after the
    time before it, in one sentence: "took my dose at 6 and again at 7", "at 8 and 9 and 10 and
    11", "his tablet at 9 and another at 10" (each an hour on). "at 8 and again at 2" (six hours,
    read on the clock) is a dose schedule."""
    found: list[int] = []
    before = _unit(units, "before_time")
    i = 0
    while i < len(w):
        if not (is_number(w[i]) and i > 0 and w[i - 1] in before and _hour(w[i]) is not None):
            i += 1
            continue
        chain, j = [i], _past_time_words(w, i + 1)
        while j < len(w) and w[j] not in SENTENCE_BREAKS:
            k = j
            while k < len(w) and w[k] in _TIME_LINKS and k - j < 3:
                k += 1
            if k == j or k >= len(w) or not is_number(w[k]) or _hour(w[k]) is None or (
                    k + 1 < len(w) and w[k + 1] not in _TIME_FOLLOWERS and w[k + 1] not in SENTENCE_BREAKS
                    and w[k + 1] not in _TIME_LINKS):
                break
            chain.append(k)
            j = _past_time_words(w, k + 1)
        for earlier, later in pairwise(chain):
            gap = (_hour(w[later]) or 0) - (_hour(w[earlier]) or 0)
            if 0 < (gap if gap > 0 else gap + 12) < min_gap_hours:
                found.append(later)
        i = j if len(chain) > 1 else i + 1
    return found


# what may follow a clock time in a list ("at 9 and 10 this morning", "at 8am")
_TIME_FOLLOWERS = frozenset({"am", "pm", "oclock", "this", "today", "tonight", "last", "by", "because", "cos", "as",
                             "like", "then", "so", "but", "with", "when", "after", "before", "in", "all", "yesterday"})


_TIME_OF_DAY = frozenset({"am", "pm", "oclock", "this", "morning", "mornin", "afternoon", "evening", "tonight", "today",
                          "last", "night", "in", "the"})


def _past_time_words(w: list[str], j: int) -> int:
    """The index after at most three words naming the time of day ("this morning", "am")."""
    k = j
    while k < len(w) and k - j < 3 and w[k] in _TIME_OF_DAY:
        k += 1
    return k


def _hour(word: str) -> float | None:
    """A clock hour (1 to 12, or 13 to 24 read on a 12-hour face)."""
    value = float(word)
    if not 1 <= value <= 24 or value != int(value):
        return None
    return value - 12 if value > 12 else value


def dose_multiples(w: list[str], units: Units) -> list[tuple[int, float]]:
    """(index, factor) of each "N times (his usual) dose" ("10 x her dose", "4 times the
    prescribed amount"); "4 times a day" names no dose."""
    found = []
    for i, word in enumerate(w[:-2]):
        if not is_number(word) or w[i + 1] not in _unit(units, "repetitions"):
            continue
        j = i + 2
        while j < len(w) and j - i - 2 < 3 and w[j] in _unit(units, "dose_owners"):
            j += 1
        if j < len(w) and w[j] in _unit(units, "dose_words"):
            found.append((i, float(word)))
    return found


def _in_place_of(w: list[str], units: Units) -> list[tuple[int, float]]:
    """(index of the amount taken, the usual amount) for each "N … instead of (my usual) M"."""
    found = []
    for i, word in enumerate(w):
        if word not in _unit(units, "instead") or i + 2 >= len(w) or w[i + 1] != "of":
            continue
        after = [k for k in range(i + 2, min(len(w), i + 5)) if is_number(w[k])]
        if not after or not all(x.isalpha() for x in w[i + 2:after[0]]) or float(w[after[0]]) <= 0:
            continue  # "instead of my usual 10": up to two words before the usual amount
        taken = [k for k in range(max(0, i - 8), i) if is_number(w[k]) and not is_time(w, k, units)
                 and not (k + 1 < len(w) and w[k + 1] in units["milligrams"] and is_strength(w, k, units))]
        if taken:
            found.append((taken[0], float(w[after[0]])))
    return found
