"""The offline coach's intents: many phrasings, typos, mixed case, and the tie-break."""

import pytest

from plugins.career_coach.intents import INTENTS, detect, word_matches


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # resume
        ("How can I improve my resume?", "resume"),
        ("is my RESUME any good", "resume"),
        ("Can you look at my résumé", "resume"),
        ("what should my CV say", "resume"),
        ("Is my profile complete?", "resume"),
        ("help with my cover leter", "resume"),
        ("my resmue needs work", "resume"),
        # skills
        ("What skills am I missing?", "skills"),
        ("which SKILLS should i learn", "skills"),
        ("What skils do I need for these jobs?", "skills"),
        ("Should I take a course or get a certification?", "skills"),
        ("how do I upskill", "skills"),
        ("What skills should I add to my resume?", "skills"),
        # interviews
        ("Help me prepare for an interview", "interviews"),
        ("I have an INTERVIEW tomorrow", "interviews"),
        ("tips for my intervew on friday", "interviews"),
        ("how do I answer behavioural questions", "interviews"),
        ("I'm nervous about the phone screen", "interviews"),
        ("How do I prepare my resume for an interview?", "interviews"),
        # accommodations and disclosure
        ("Should I disclose my disability?", "accommodations"),
        ("how do I ask for accomodations at work", "accommodations"),
        ("When should I tell my employer I'm deaf?", "accommodations"),
        ("Do I need to mention my ADHD on my resume?", "accommodations"),
        ("what are my rights as a disabled worker", "accommodations"),
        ("Can I ask for a reasonable adjustment in the interview?", "accommodations"),
        ("DISCLOSURE", "accommodations"),
        ("dissability and job interviews", "accommodations"),
        # job search
        ("Which jobs fit me?", "job_search"),
        ("where do I find work", "job_search"),
        ("Any openings for me?", "job_search"),
        ("who is hiring", "job_search"),
        ("I want to apply for a position", "job_search"),
        ("help with my job serach", "job_search"),
        # salary
        ("How much does a backend developer earn?", "salary"),
        ("what salary should I ask for", "salary"),
        ("What SALARIES do data analysts get?", "salary"),
        ("How do I negotiate my offer?", "salary"),
        ("is the pay good", "salary"),
        ("what is a fair hourly rate", "salary"),
        ("salery expectations", "salary"),
        # nothing to go on
        ("hi", "general"),
        ("What should I do next?", "general"),
        ("", "general"),
        ("thanks!", "general"),
        ("It's still raining", "general"),
    ],
)
def test_detect_reads_the_intent_of_many_phrasings(text, intent):
    assert detect(text) == intent


@pytest.mark.parametrize(
    ("word", "cue", "matches"),
    [
        ("interviewing", "interview", True),  # an inflection
        ("intreview", "interview", True),  # a transposition
        ("intervene", "interview", False),  # two letters off a nine-letter word
        ("accomodations", "accommodation", True),  # two off a long word
        ("skills", "skill", True),
        ("still", "skill", False),  # short words get no typo
        ("hiring", "hiring", True),
        ("xesume", "resume", False),  # the first letter must be right
        ("jobs", "job", True),
        ("jobless", "job", False),  # short cues match themselves and plurals only
    ],
)
def test_word_matches_inflections_and_typos_not_other_words(word, cue, matches):
    assert word_matches(word, cue) is matches


def test_every_intent_but_general_has_cues():
    assert sorted(INTENTS) == sorted(
        ["accommodations", "salary", "interviews", "skills", "resume", "job_search"]
    )
