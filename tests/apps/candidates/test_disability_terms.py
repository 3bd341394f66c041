"""The disability vocabulary and its pure functions (apps/candidates/disability_terms.py)."""

import pytest

from apps.candidates.disability_terms import (
    MAX_PASSAGE,
    MAX_WARNINGS,
    TERMS,
    Passage,
    disclosure_warnings,
    find_passages,
    fold,
    hits,
    is_term_key,
    strip_terms,
    without_terms,
)


def found(text: str) -> list[str]:
    return [text[start:end] for start, end in hits(text)]


# --- matching -------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", sorted(TERMS))
def test_every_vocabulary_phrase_is_found_as_written_and_in_capitals(phrase):
    assert found(phrase) == [phrase]
    assert found(f"({phrase.upper()})") == [phrase.upper()]


def test_english_terms_are_found_in_a_sentence():
    text = "I use a screen reader, a wheelchair and hearing aids; I have ADHD and dyslexia."

    assert found(text) == ["screen reader", "wheelchair", "hearing aids", "ADHD", "dyslexia"]


def test_french_terms_are_found_whatever_the_accents_and_apostrophes():
    text = (
        "Malvoyante, j’utilise un LECTEUR D'ÉCRAN et un fauteuil roulant électrique ; "
        "TDAH, dyslexie. Aménagements raisonnables demandés. Personne sourde, en situation de "
        "handicap."
    )

    assert found(text) == [
        "Malvoyante",
        "LECTEUR D'ÉCRAN",
        "fauteuil roulant",
        "TDAH",
        "dyslexie",
        "Aménagements raisonnables",
        "sourde",
        "en situation de handicap",
    ]


def test_text_written_without_its_accents_matches_too():
    assert found("lecteur d'ecran, amenagement raisonnable, epilepsie") == [
        "lecteur d'ecran",
        "amenagement raisonnable",
        "epilepsie",
    ]


def test_decomposed_accents_and_expanding_letters_keep_the_offsets_right():
    # "ß" folds to two letters and "e" + U+0301 to one: the offsets are the original text's.
    text = "Straße, e\u0301pilepsie et wheelchair"

    assert found(text) == ["e\u0301pilepsie", "wheelchair"]


@pytest.mark.parametrize(
    "text",
    [
        "I followed the plan blindly.",
        "A deafening silence.",
        "Installed window blinds.",
        "A double-blind study of the Great Depression.",
        "Fixed a blind spot in the review.",
        "The disabledness of the button",
        "Autismo is not a word we know",
        "Screen sharing and a card reader",
        "Designed bipolar transistor amplifiers",
        "Test à l'aveugle, golf handicap 12",
        "Diabetes educator in an HIV clinic",
    ],
)
def test_words_that_only_contain_a_term_or_mean_something_else_are_no_hits(text):
    assert hits(text) == []


def test_a_hyphen_is_a_word_boundary():
    assert found("A wheelchair-accessible office; deaf-blind; chien-guide") == [
        "wheelchair",
        "deaf-blind",
        "chien-guide",
    ]


def test_phrases_match_across_hyphens_and_line_breaks_and_in_the_plural():
    text = "Sign-language interpreters, guide dogs, white\ncanes, fauteuils roulants"

    assert found(text) == [
        "Sign-language interpreters",
        "guide dogs",
        "white\ncanes",
        "fauteuils roulants",
    ]


def test_the_longest_phrase_wins():
    assert found("attention deficit hyperactivity disorder; chronic fatigue syndrome") == [
        "attention deficit hyperactivity disorder",
        "chronic fatigue syndrome",
    ]


def test_fold_of_ascii_text_needs_no_index():
    assert fold("Screen READER") == ("screen reader", None)
    assert fold("Écran") == ("ecran", None)


# --- stripping ------------------------------------------------------------------------------------


def test_strip_terms_replaces_each_term_by_a_space():
    text = "I use a screen reader and a wheelchair. I build Python apps."

    assert strip_terms(text) == "I use a   and a  . I build Python apps."


def test_strip_terms_of_text_without_terms_is_the_same_text():
    text = "Blindly optimistic Python developer, café au lait."

    assert strip_terms(text) == text


@pytest.mark.parametrize(
    ("key", "is_term"),
    [
        ("wheelchair", True),
        ("wheelchair-accessible", True),
        ("jaws", True),
        ("malvoyant", True),
        ("skill:screen readers", True),
        ("skill:jaws", True),
        ("skill:python", False),
        ("screen", False),
        ("reader", False),
        ("blindly", False),
        ("deafening", False),
    ],
)
def test_is_term_key_on_the_keys_of_resume_terms(key, is_term):
    assert is_term_key(key) is is_term


def test_without_terms_takes_off_the_words_of_each_hit_and_drops_term_keys():
    text = "Screen reader and wheelchair user; screen sharing in Python; JAWS."
    counts = {
        "screen": 2,
        "reader": 1,
        "wheelchair": 1,
        "user": 1,
        "sharing": 1,
        "python": 1,
        "jaws": 1,
        "skill:jaws": 1,
        "skill:python": 1,
    }

    assert without_terms(counts, text) == {
        "screen": 1,
        "sharing": 1,
        "python": 1,
        "skill:python": 1,
    }


# --- passages -------------------------------------------------------------------------------------


def test_find_passages_gives_the_sentence_or_line_of_each_hit_once():
    text = (
        "Jane Doe\nSummary\nDeveloper. I use a screen reader and a wheelchair. I like Python.\n"
        "• Skills: JAWS, NVDA, Python\nNo terms here."
    )

    assert find_passages(text) == [
        Passage("I use a screen reader and a wheelchair.", 28, 67),
        Passage("Skills: JAWS, NVDA, Python", 85, 111),
    ]
    assert text[28:67] == "I use a screen reader and a wheelchair."


def test_a_long_passage_is_cut_around_its_hit_at_spaces():
    text = "word " * 200 + "wheelchair " + "word " * 200

    [passage] = find_passages(text)

    assert passage.text.startswith("word ") and "wheelchair" in passage.text
    assert len(passage.text) <= MAX_PASSAGE
    assert text[passage.start : passage.end].split() == passage.text.split()


def test_a_long_line_full_of_terms_gives_disjoint_passages_of_bounded_length():
    text = "deaf " * 40_000  # one line of 200,000 characters (the parser's limit)

    passages = find_passages(text)

    assert len(passages) > 600
    assert all(len(passage.text) <= MAX_PASSAGE for passage in passages)
    assert all(one.end <= two.start for one, two in zip(passages, passages[1:], strict=False))
    assert len(find_passages(text, limit=3)) == 3


def test_disclosure_warnings_stop_at_max_warnings():
    text = "I am deaf.\n" * 20_000

    warnings = disclosure_warnings(text, {"summary": ["I am deaf."], "achievements": [text]})

    assert warnings == [{"text": "I am deaf.", "section": "summary"}] * MAX_WARNINGS


def test_find_passages_of_text_without_terms_is_empty():
    assert find_passages("Python developer.\nBlindly loyal.") == []


def test_disclosure_warnings_name_the_section_that_holds_each_passage():
    text = (
        "Summary\nI use a screen reader. I build apps.\n"
        "Experience\nTested forms with NVDA for blind customers.\n"
        "Skills\nPython, JAWS\n"
        "Interests\nWheelchair basketball.\n"
    )
    sections = {
        "summary": ["I use a screen reader. I build apps."],
        "skills": ["Python", "JAWS", "Screen Readers"],
        "work_experience": ["QA", "Acme Inc.", "Tested forms with NVDA for blind customers."],
        "education": [],
    }

    assert disclosure_warnings(text, sections) == [
        {"text": "I use a screen reader.", "section": "summary"},
        {"text": "Tested forms with NVDA for blind customers.", "section": "work_experience"},
        {"text": "Python, JAWS", "section": "skills"},
        {"text": "Wheelchair basketball.", "section": "resume"},
    ]


def test_disclosure_warnings_add_passages_of_the_parsed_resume_the_text_lacks():
    sections = {"summary": ["A developer who is hard of hearing."], "skills": ["Braille"]}

    assert disclosure_warnings("Python developer.", sections) == [
        {"text": "A developer who is hard of hearing.", "section": "summary"}
    ]


def test_disclosure_warnings_of_a_resume_without_terms_are_empty():
    assert disclosure_warnings("Python developer.", {"summary": ["Python developer."]}) == []
