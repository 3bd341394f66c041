"""`answer_prompt` offline: a question answered from the resume data, the generated "about",
and the employer's insight, each naming what the test data holds and lacks."""

import logging
import re

import pytest

from platform_core.documents import (
    CandidateDocument,
    CandidatePreferences,
    CertificationRecord,
    PromptAnswer,
    WorkRecord,
)
from platform_core.plugins import PluginContext
from plugins.career_coach import hooks

from .people import ADA, ANALYST, BACKEND, JOBS, SUPPORT

OFFLINE = PluginContext(settings={}, logger=logging.getLogger("plugins.career_coach"), llm=None)


def answer(task: str, prompt: str = "", candidate=ADA, jobs=JOBS) -> str:
    reply = hooks.answer_prompt(
        context=OFFLINE, task=task, prompt=prompt, candidate=candidate, jobs=jobs, messages=[]
    )
    assert isinstance(reply, PromptAnswer) and reply.model == "offline"
    return reply.answer


# --- "question" -------------------------------------------------------------------------------


def test_hook_answer_prompt_question_says_where_each_skill_shows_and_what_is_missing():
    text = answer("question", "Does the candidate know Python, Kubernetes and Docker?")

    assert text.splitlines() == [
        "From the resume and profile:",
        "- Python: listed as a skill; in the projects Bus Times.",
        "- Kubernetes: in work as Backend Developer at Initech (2019-present).",
        "- Docker: the resume and profile do not show it.",
    ]


def test_hook_answer_prompt_question_skill_through_an_alias_is_found():
    text = answer("question", "any PostgreSQL or JavaScript?")

    assert text.splitlines()[1:] == [
        "- PostgreSQL: listed as a skill.",
        "- JavaScript: listed as a skill.",
    ]


def test_hook_answer_prompt_question_about_a_section_lists_it():
    text = answer("question", "Where did they study, and which languages do they speak?")

    assert text.splitlines()[1:] == [
        "Education: BSc in Computer Science, University of Toronto (2012-2016).",
        "Languages: English; French.",
    ]


def test_hook_answer_prompt_question_about_a_field_not_in_the_resume_says_so():
    text = answer("question", "Has she worked in healthcare?")

    assert text.splitlines()[1] == "- Healthcare: the resume and profile do not show it."


def test_hook_answer_prompt_question_finds_words_only_the_resume_text_has():
    document = ADA.model_copy(update={"resume_text": "Led the GraphQL migration. GraphQL daily."})

    text = answer("question", "graphql?", candidate=document)

    assert text.splitlines()[1] == "- GraphQL: named 2 times in the resume text."


def test_hook_answer_prompt_question_short_skill_names_count_only_when_capitalised():
    named = answer("question", "Can they write Go?")
    sentence = answer("question", "Are they ready to go?")

    assert "- Go: the resume and profile do not show it." in named.splitlines()
    assert "Go:" not in sentence


def test_hook_answer_prompt_question_about_disability_answers_with_what_the_platform_does():
    text = answer("question", "Is this candidate disabled? Do they need accommodations?")

    assert text.startswith("Disability and accommodation information is not part of the resume")
    assert "disclosure setting" in text


def test_hook_answer_prompt_question_with_nothing_specific_gives_an_overview():
    text = answer("question", "Tell me about this candidate")

    assert text.splitlines()[1:4] == [
        "Skills: python; postgres; JS.",
        "Work experience: Backend Developer at Initech (2019-present); Junior Web Developer at "
        "Hooli (2016-2019).",
        "Education: BSc in Computer Science, University of Toronto (2012-2016).",
    ]


def test_hook_answer_prompt_question_answers_differ_by_question():
    questions = ["Python?", "Docker?", "Where did they study?", "Certifications?"]

    assert len({answer("question", q) for q in questions}) == len(questions)


# --- "about" ----------------------------------------------------------------------------------


def test_hook_answer_prompt_about_is_two_to_four_impersonal_sentences_from_the_records():
    text = answer("about")

    sentences = re.split(r"(?<=\.)\s+", text)
    assert 2 <= len(sentences) <= 4
    assert sentences[0].startswith("Backend Developer with ")
    assert sentences[0].endswith(" years of experience, currently at Initech.")
    assert "Skilled in Python, PostgreSQL and JavaScript." in sentences
    assert "Holds a BSc in Computer Science from University of Toronto." in text
    assert not re.search(r"\b(I|me|my|Ada)\b", text)


def test_hook_answer_prompt_about_leaves_out_records_that_mention_disability():
    document = ADA.model_copy(
        update={
            "work_experience": [
                WorkRecord(role="Disability Support Worker", company="Community Living"),
                *ADA.work_experience,
            ],
            "skills": ["ADHD coaching", *ADA.skills],
            "certifications": [CertificationRecord(name="Mental Health First Aid")],
        }
    )

    text = answer("about", candidate=document)

    assert not re.search(r"disab|adhd|mental", text, re.IGNORECASE)
    assert text.startswith("Backend Developer")


def test_hook_answer_prompt_about_without_records_is_still_a_sentence_without_filler():
    document = CandidateDocument(
        candidate_id=3, preferences=CandidatePreferences(work_modes=["remote"])
    )

    assert answer("about", candidate=document) == "Open to remote work."


def test_hook_answer_prompt_about_with_skills_only_has_two_sentences_in_vocabulary_spelling():
    document = CandidateDocument(candidate_id=3, skills=["Excel", "bookkeeping"])

    assert answer("about", candidate=document) == (
        "Skilled in Excel and Bookkeeping. Open to new opportunities."
    )


# --- "insight" --------------------------------------------------------------------------------


def test_hook_answer_prompt_insight_names_strengths_gaps_and_relevant_experience_per_job():
    text = answer("insight")

    assert text.splitlines()[:4] == [
        "Against your open jobs:",
        "- Backend Developer: has Python and PostgreSQL (2 of 4 skills); missing Docker and "
        "Kubernetes. Relevant experience: Backend Developer at Initech (2019-present) and Junior "
        "Web Developer at Hooli (2016-2019).",
        "- Data Analyst: has Python (1 of 3 skills); missing SQL and Tableau. No directly "
        "related role in the work history.",
        "- Support Engineer: none of its 3 skills listed (missing Linux, Docker and Customer "
        "Service). No directly related role in the work history.",
    ]


def test_hook_answer_prompt_insight_asks_about_a_gap_the_experience_and_the_terms():
    onsite = BACKEND.model_copy(update={"workplace_type": "onsite"})

    text = answer("insight", jobs=[onsite])

    questions = text.split("Questions to ask:\n")[1].splitlines()
    assert questions == [
        "1. How have you used Docker, or how would you get up to speed with it?",
        "2. What did you achieve as Backend Developer at Initech (2019-present), and what would "
        "you bring from it to the Backend Developer role?",
        "3. The role is on-site in Toronto, ON and the profile prefers remote or hybrid work: "
        "how would that suit you?",
    ]


@pytest.mark.parametrize("jobs", [[], [ANALYST, SUPPORT]])
def test_hook_answer_prompt_insight_always_has_two_or_three_questions(jobs):
    bare = CandidateDocument(candidate_id=3)

    for candidate in (ADA, bare):
        text = answer("insight", candidate=candidate, jobs=jobs)
        questions = text.split("Questions to ask:\n")[1].splitlines()
        assert 2 <= len(questions) <= 3


def test_hook_answer_prompt_insight_without_open_jobs_says_so():
    text = answer("insight", jobs=[])

    assert text.splitlines()[:2] == [
        "Your organization has no open jobs to compare with.",
        "Skills: python; postgres; JS.",
    ]
