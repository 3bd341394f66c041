"""The offline coach (`context.llm` is None): each intent answered from the candidate's own data,
naming the real missing sections, skills and jobs of the test data."""

import logging
from datetime import date

import pytest

from platform_core import plugins
from platform_core.documents import (
    PROFILE_SECTIONS,
    CandidateDocument,
    CoachCandidate,
    CoachReply,
    JobDocument,
)
from platform_core.plugins import PluginContext
from plugins.career_coach import facts, hooks

from .people import ADA, ANALYST, BACKEND, ada, said

OFFLINE = PluginContext(settings={}, logger=logging.getLogger("plugins.career_coach"), llm=None)
QUESTIONS = {
    "resume": "How can I improve my resume?",
    "skills": "What skills am I missing?",
    "interviews": "Help me prepare for an interview",
    "accommodations": "Should I disclose my disability?",
    "job_search": "Which jobs fit me?",
    "salary": "How much does a backend developer earn?",
    "general": "hi",
}


def ask(question: str, candidate: CoachCandidate | None = None) -> str:
    reply = hooks.coach_reply(
        context=OFFLINE, candidate=candidate or ada(), messages=said(question)
    )
    assert reply.model == "offline"
    return reply.content


def lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def empty_candidate(**changes) -> CoachCandidate:
    fields = {
        "document": CandidateDocument(candidate_id=1),
        "sections": dict.fromkeys(PROFILE_SECTIONS, False),
    }
    return CoachCandidate(**(fields | changes))


def test_hook_coach_reply_is_the_installed_career_coach_provider():
    provider = plugins.provider("coach_reply")

    reply = provider(candidate=ada(), messages=said("What skills am I missing?"))

    assert (provider.name, provider.version) == ("career_coach", "1.0.0")
    assert isinstance(reply, CoachReply) and reply.model == "offline"


def test_hook_coach_reply_resume_names_the_missing_sections_in_profile_order():
    answer = ask(QUESTIONS["resume"])

    assert answer.startswith("Ada, your profile has 10 of 14 sections filled in.")
    assert lines(answer, ("1.", "2.", "3.")) == [
        "1. Projects: add a project or two that shows your skills at work.",
        "2. Certifications: add the certificates and courses you completed.",
        "3. Links: add your LinkedIn, GitHub or portfolio.",
    ]
    assert lines(answer, "After that") == ["After that: video pitch."]
    assert "mention Docker and Kubernetes if you have them" in answer


def test_hook_coach_reply_skills_names_each_jobs_missing_skills_through_aliases():
    # Ada lists "postgres": PostgreSQL through the vocabulary's aliases, so it is not missing.
    answer = ask(QUESTIONS["skills"])

    assert lines(answer, "- ") == [
        "- Backend Developer at Acme: you have 2 of 4 skills (Python and PostgreSQL); "
        "missing Docker and Kubernetes.",
        "- Data Analyst at Globex: you have 1 of 3 skills (Python); missing SQL and Tableau.",
        "- Support Engineer at Initrode: you list none of its 3 skills; missing Linux, Docker "
        "and Customer Service.",
    ]
    assert "The skill these jobs ask for most that you do not list: Docker (2 of 3 jobs)." in answer


def test_hook_coach_reply_skills_named_in_experience_but_not_listed_are_pointed_out():
    # Kubernetes is in Ada's work description and resume text, not in her skills.
    answer = ask(QUESTIONS["skills"])

    assert lines(answer, "Your experience mentions") == [
        "Your experience mentions Kubernetes, which the jobs ask for, but your skills list does "
        "not: add it to your skills so employers and job matching see it."
    ]


def test_hook_coach_reply_skills_ignore_case_and_punctuation_of_skill_names():
    document = ADA.model_copy(update={"skills": ["DOCKER", "kubernetes", "Python", "PostgreSQL"]})

    answer = ask(QUESTIONS["skills"], ada(document=document))

    assert lines(answer, "- Backend") == [
        "- Backend Developer at Acme: you have all 4 skills it asks for."
    ]


def test_hook_coach_reply_interviews_prepare_for_the_best_fitting_job_from_experience():
    answer = ask(QUESTIONS["interviews"])

    assert answer.startswith(
        "Ada, to prepare for an interview for Backend Developer at Acme, the open job that fits "
        "you best:"
    )
    assert lines(answer, "- ")[:3] == [
        "- Expect questions on the skills it asks for: Python, PostgreSQL, Docker and Kubernetes.",
        "- Prepare one concrete example for each skill you have (Python and PostgreSQL) from "
        "your work as Backend Developer at Initech (2019-present).",
        "- For Docker and Kubernetes, which you do not list, be ready to say what comes closest "
        "in your experience and how you would learn it.",
    ]


def test_hook_coach_reply_accommodations_is_general_guidance_and_the_disclosure_setting():
    answer = ask(QUESTIONS["accommodations"])

    assert answer.startswith("Ada, here is how accommodations and disclosure work:")
    assert "right to ask for accommodations" in answer
    assert "is your choice" in answer
    assert "the disclosure setting on your profile decides whether employers see" in answer
    assert "I do not see them or the setting" in answer
    # It answers in general terms: none of the candidate's jobs or records come into it.
    assert not any(word in answer for word in ("Acme", "Initech", "Docker", "Projects"))


def test_hook_coach_reply_accommodations_for_an_interview_adds_interview_guidance():
    general = ask("Should I disclose my disability?")
    interview = ask("Should I disclose my disability at the interview?")

    assert lines(interview, "- For an interview") and not lines(general, "- For an interview")


def test_hook_coach_reply_job_search_lists_the_jobs_best_fit_first_and_a_next_step():
    answer = ask(QUESTIONS["job_search"])

    assert answer.startswith(
        "Ada, 3 open jobs fit your preferences (remote or hybrid, full-time, in Toronto, ON)."
    )
    assert [line.split(",")[0] for line in lines(answer, ("1.", "2.", "3."))] == [
        "1. Backend Developer at Acme",
        "2. Data Analyst at Globex",
        "3. Support Engineer at Initrode",
    ]
    assert lines(answer, "Next step") == [
        "Next step: apply to Backend Developer at Acme, after adding projects to your profile."
    ]


def test_hook_coach_reply_salary_says_there_is_no_data_and_uses_the_target_titles():
    answer = ask(QUESTIONS["salary"])

    assert answer.startswith("Ada, I have no salary data")
    assert (
        "salary surveys for Backend Developer, Data Analyst or Support Engineer in Toronto, ON"
        in answer
    )
    assert not any(char.isdigit() for char in answer.replace("Toronto, ON", ""))


def test_hook_coach_reply_salary_without_jobs_uses_the_candidates_roles():
    answer = ask(QUESTIONS["salary"], ada(open_jobs=[]))

    assert "salary surveys for Backend Developer or Junior Web Developer in Toronto, ON" in answer


def test_hook_coach_reply_general_says_it_is_offline_and_where_the_candidate_stands():
    answer = ask(QUESTIONS["general"])

    assert "I am the offline coach" in answer
    assert lines(answer, "- ") == [
        "- Profile: 10 of 14 sections filled in; next, projects: add a project or two that "
        "shows your skills at work.",
        "- Best fitting open job: Backend Developer at Acme: you have 2 of 4 skills (Python "
        "and PostgreSQL); missing Docker and Kubernetes.",
        "- Most recent experience: Backend Developer at Initech (2019-present).",
    ]


def test_hook_coach_reply_answers_differ_by_intent():
    answers = {intent: ask(question) for intent, question in QUESTIONS.items()}

    assert len(set(answers.values())) == len(QUESTIONS)


def test_hook_coach_reply_answers_the_last_user_message_of_the_thread():
    thread = said("What skills am I missing?", "(an earlier answer)", "Which jobs fit me?")

    reply = hooks.coach_reply(context=OFFLINE, candidate=ada(), messages=thread)

    assert reply.content == ask("Which jobs fit me?")


def test_hook_coach_reply_without_a_first_name_addresses_nobody():
    answer = ask(QUESTIONS["resume"], ada(first_name=""))

    assert answer.startswith("Your profile has 10 of 14 sections filled in.")


def test_hook_coach_reply_best_fit_follows_the_candidates_skills():
    document = ADA.model_copy(update={"skills": ["SQL", "Tableau", "Python"]})

    answer = ask(QUESTIONS["job_search"], ada(document=document))

    assert lines(answer, "1.")[0].startswith("1. Data Analyst at Globex")


def test_hook_coach_reply_empty_profile_starts_with_the_resume_and_says_what_is_missing():
    answer = ask(QUESTIONS["resume"], empty_candidate())

    assert lines(answer, ("1.", "2.", "3.")) == [
        "1. Resume: upload your resume (PDF, DOCX or TXT); employers and job matching read it.",
        "2. Resume details: have your resume read into your profile, then check the skills and "
        "experience it found.",
        "3. Skills: add the skills and tools you have, named as job posts name them.",
    ]
    assert "Your profile shows no work experience or skills yet" in answer


def test_hook_coach_reply_no_skills_lists_every_job_skill_as_missing():
    answer = ask(QUESTIONS["skills"], empty_candidate(open_jobs=[ANALYST]))

    assert lines(answer, "- ") == [
        "- Data Analyst at Globex: you list none of its 3 skills; missing SQL, Python and Tableau."
    ]


@pytest.mark.parametrize("intent", ["skills", "job_search"])
def test_hook_coach_reply_no_open_jobs_says_so_and_how_to_see_more(intent):
    answer = ask(QUESTIONS[intent], ada(open_jobs=[]))

    assert answer.startswith("Ada, no open job fits your preferences")
    assert (
        "widen your preferences: more work modes, more employment types or being open to "
        "relocating" in answer
    )


def test_hook_coach_reply_job_without_skills_is_named_without_a_comparison():
    bare = JobDocument(id=1, title="Receptionist", organization="Umbrella")

    answer = ask(QUESTIONS["skills"], ada(open_jobs=[bare]))

    assert lines(answer, "- ") == ["- Receptionist at Umbrella: it names no skills."]


def test_hook_coach_reply_sections_the_core_did_not_report_are_not_called_missing():
    answer = ask(QUESTIONS["resume"], ada(sections={"resume": True, "skills": False}))

    assert answer.startswith("Ada, your profile has 1 of 2 sections filled in.")
    assert lines(answer, ("1.", "2.")) == [
        "1. Skills: add the skills and tools you have, named as job posts name them."
    ]


def test_hook_coach_reply_accepts_plain_dicts_as_the_task_path_may_send():
    reply = hooks.coach_reply(
        context=OFFLINE,
        candidate=ada().model_dump(),
        messages=[{"role": "user", "content": "Which jobs fit me?"}],
    )

    assert reply.content == ask("Which jobs fit me?")


def test_sections_have_a_name_and_advice_for_each_profile_section_in_order():
    assert tuple(facts.SECTIONS) == PROFILE_SECTIONS


def test_years_of_work_runs_from_the_first_start_to_today_for_a_current_role():
    assert facts.years_of_work(ADA, date(2025, 6, 1)) == 9  # 2016-06 to 2025-06


def test_job_fits_keep_the_given_order_among_equal_shares():
    twin = BACKEND.model_copy(update={"id": 99, "organization": "Twin"})

    fits = facts.job_fits([twin, BACKEND], ADA, facts.SkillNames({}))

    assert [fit.job.id for fit in fits] == [99, 11]
    assert fits[0].missing == ["PostgreSQL", "Docker", "Kubernetes"]  # no aliases: postgres differs
