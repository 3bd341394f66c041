"""The offline coach: an answer to the candidate's last message from their own data, without an
LLM.

The message's intent (`intents.detect`) picks the answer; each answer is built from the
candidate's profile and the open jobs that fit their preferences: which sections to fill in next
(in PROFILE_SECTIONS order), the skills each named job asks for that they do not list, their
experience, next steps. Accommodations and disclosure are answered in general terms and with
what the platform lets the candidate control: the coach has no disability data to read. There
is no salary data either, and the salary answer says so. Pure: no Django, no settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from platform_core.documents import CandidatePreferences, CoachCandidate, CoachMessage

from . import facts
from .facts import JobFit, SkillNames, listing
from .intents import Intent, detect, mentions

# How many jobs, sections and skills an answer names: enough to act on, short enough to read.
MAX_JOBS = 3
MAX_SECTIONS = 3
MAX_SKILLS = 8


@dataclass
class Situation:
    """What every answer draws on: the candidate, their question, how their skills fit the open
    jobs (best first) and the profile sections they have not filled in."""

    candidate: CoachCandidate
    question: str
    names: SkillNames
    fits: list[JobFit] = field(init=False)
    missing: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.fits = facts.job_fits(self.candidate.open_jobs, self.candidate.document, self.names)
        self.missing = facts.missing_sections(self.candidate.sections)

    @property
    def name(self) -> str:
        return " ".join(self.candidate.first_name.split())[:40]

    def start(self, sentence: str) -> str:
        """`sentence`, addressed to the candidate by first name when it is known."""
        if not self.name:
            return sentence
        if not sentence.startswith("I "):
            sentence = sentence[0].lower() + sentence[1:]
        return f"{self.name}, {sentence}"


def last_question(messages: Sequence[CoachMessage]) -> str:
    """The candidate's newest message ("" when there is none)."""
    return next((m.content for m in reversed(messages) if m.role == "user"), "")


def reply(
    candidate: CoachCandidate, messages: Sequence[CoachMessage], aliases: Mapping[str, str]
) -> str:
    """The offline coach's answer to the last user message of `messages`."""
    situation = Situation(candidate, last_question(messages), SkillNames(aliases))
    return ANSWERS[detect(situation.question)](situation)


# --- the answers, one per intent ------------------------------------------------------------------


def _resume(s: Situation) -> str:
    filled, known = facts.completeness(s.candidate.sections)
    lines = [s.start(f"Your profile has {filled} of {known} sections filled in.")]
    if s.missing:
        lines.append("What to add next:")
        for number, section in enumerate(s.missing[:MAX_SECTIONS], 1):
            label, advice = facts.SECTIONS[section]
            lines.append(f"{number}. {label}: {advice}")
        if len(s.missing) > MAX_SECTIONS:
            rest = [facts.SECTIONS[name][0].lower() for name in s.missing[MAX_SECTIONS:]]
            lines.append(f"After that: {listing(rest)}.")
    elif known:
        lines.append("Every section of your profile is filled in.")
    lines.append(_shows(s))
    if s.fits and s.fits[0].missing:
        best = s.fits[0]
        lines.append(
            f"For {best.label}, the best fit among your open jobs, mention "
            f"{listing(best.missing[:MAX_SKILLS])} if you have them: the job asks for them "
            "and your profile does not list them."
        )
    lines += _unlisted(s)
    return "\n".join(lines)


def _skills(s: Situation) -> str:
    document = s.candidate.document
    own = document.skills[:MAX_SKILLS]
    if not s.fits:
        lines = [
            s.start(
                "No open job fits your preferences right now, so I have none to compare "
                "your skills with."
            )
        ]
        lines.append(
            f"Your profile lists {listing(own)}." if own else "Your profile lists no skills yet."
        )
        lines.append(_widen(document.preferences))
        return "\n".join(lines)
    if own:
        lines = [s.start("Here are your skills against the open jobs that fit your preferences:")]
    else:
        lines = [
            s.start(
                "Your profile lists no skills yet, so every skill these jobs ask for "
                "counts as missing:"
            )
        ]
    for fit in s.fits[:MAX_JOBS]:
        lines.append(f"- {fit.label}: {_fit_sentence(fit)}")
    gaps = facts.common_gaps(s.fits)
    if gaps:
        skill, count = gaps[0]
        lines.append(
            f"The skill these jobs ask for most that you do not list: {skill} ({count} of "
            f"{len(s.fits)} jobs). Learning it, or adding it if you already have it, opens the "
            "most doors."
        )
    else:
        lines.append(
            "You list every skill these jobs ask for: make sure your experience shows "
            "each of them in use."
        )
    lines += _unlisted(s)
    return "\n".join(lines)


def _interviews(s: Situation) -> str:
    work = facts.recent_work(s.candidate.document)
    if s.fits:
        best = s.fits[0]
        lines = [
            s.start(
                f"To prepare for an interview for {best.label}, the open job that fits you best:"
            )
        ]
        asked = best.matched + best.missing
        if asked:
            lines.append(
                f"- Expect questions on the skills it asks for: {listing(asked[:MAX_SKILLS])}."
            )
        if best.matched:
            relevant = facts.relevant_work(best.job, s.candidate.document) or work
            where = f" from your work as {facts.work_line(relevant[0])}" if relevant else ""
            lines.append(
                f"- Prepare one concrete example for each skill you have "
                f"({listing(best.matched[:MAX_SKILLS])}){where}."
            )
        if best.missing:
            lines.append(
                f"- For {listing(best.missing[:MAX_SKILLS])}, which you do not list, be ready to "
                "say what comes closest in your experience and how you would learn it."
            )
    else:
        lines = [s.start("To prepare for interviews:")]
        if work:
            roles = listing(facts.work_line(record) for record in work[:2])
            lines.append(
                f"- Go through your experience as {roles} and pick two or three results "
                "you are proud of."
            )
        else:
            lines.append(
                "- Your profile has no work experience yet: prepare examples from your "
                "studies, projects or volunteering instead."
            )
    lines.append(
        "- Tell each example in the STAR pattern: the situation, your task, what you did "
        "and the result."
    )
    lines.append(
        "- Prepare two or three questions for them: how the team works, what success "
        "looks like in the first months, what the next steps are."
    )
    lines.append(
        "You can ask for accommodations for the interview itself, such as extra time, "
        "captions or a remote interview; whether you say why is your choice."
    )
    return "\n".join(lines)


def _accommodations(s: Situation) -> str:
    lines = [
        s.start("Here is how accommodations and disclosure work:"),
        "- You have the right to ask for accommodations when you apply, in interviews and at "
        "work: changes to how things are done, such as flexible hours, remote work, assistive "
        "technology or an accessible workspace. In most places employers must provide reasonable "
        "accommodations; the exact rules depend on where you live and work.",
        "- Whether you disclose a disability, when, and how much you say is your choice. You can "
        "ask for an accommodation by describing what you need, without naming a diagnosis.",
        "- On this platform, the disclosure setting on your profile decides whether employers see "
        "the disability and accommodation details on your profile: only employers you applied to, "
        "and only from the stage you choose (when you apply, when you are shortlisted for an "
        "interview, when you are hired) or never. Those details never affect how you are ranked. "
        "I do not see them or the setting, so check them on your profile.",
    ]
    if mentions(s.question, "interview"):
        lines.append(
            "- For an interview, ask the employer ahead of time for what you need, such "
            "as extra time, an interpreter or captions, a remote interview or the "
            "questions in writing; you do not have to say why."
        )
    if mentions(s.question, "resume") or mentions(s.question, "cv"):
        lines.append(
            "- Your resume does not have to mention a disability; it is about what you "
            "can do. If you choose to mention it, do so where and how you want."
        )
    return "\n".join(lines)


def _job_search(s: Situation) -> str:
    document = s.candidate.document
    wanted = _preferences(document.preferences)
    if not s.fits:
        where = f" ({wanted})" if wanted else ""
        return "\n".join(
            [
                s.start(f"No open job fits your preferences{where} right now."),
                _widen(document.preferences),
            ]
        )
    count = len(s.fits)
    jobs = "open job fits" if count == 1 else "open jobs fit"
    where = f" ({wanted})" if wanted else ""
    lines = [s.start(f"{count} {jobs} your preferences{where}. The best fits by skills:")]
    for number, fit in enumerate(s.fits[:MAX_JOBS], 1):
        lines.append(f"{number}. {fit.label}, {_job_terms(fit)}: {_fit_sentence(fit)}")
    step = f"Next step: apply to {s.fits[0].label}"
    if s.missing:
        step += f", after adding {facts.SECTIONS[s.missing[0]][0].lower()} to your profile"
    lines.append(step + ".")
    return "\n".join(lines)


def _salary(s: Situation) -> str:
    titles = _target_titles(s)
    place = s.candidate.document.preferences.location.strip()
    roles = listing(titles, "or") or "the roles you want"
    where = f" in {place}" if place else ""
    what = f"{roles} roles" if titles else roles
    return "\n".join(
        [
            s.start(
                f"I have no salary data: the jobs here come to me without pay figures, so I "
                f"cannot tell you what {what} pay{where}."
            ),
            "What to research:",
            f"- Government wage statistics and salary surveys for {roles}{where}.",
            "- Job posts for the same titles that state a pay range, and what people in those "
            "roles tell you.",
            "- Ask the recruiter for the role's pay range early; it is a normal question.",
            "- When an offer comes, weigh the whole package (pay, hours, benefits, flexibility, "
            "accommodations at work) and negotiate from the range you found.",
        ]
    )


def _general(s: Situation) -> str:
    filled, known = facts.completeness(s.candidate.sections)
    lines = [
        s.start(
            "I am the offline coach: I answer from your profile and the open jobs that "
            "fit your preferences, without a language model. Where you stand:"
        )
    ]
    profile = f"- Profile: {filled} of {known} sections filled in"
    if s.missing:
        label, advice = facts.SECTIONS[s.missing[0]]
        profile += f"; next, {label.lower()}: {advice}"
    else:
        profile += "."
    lines.append(profile)
    if s.fits:
        lines.append(f"- Best fitting open job: {s.fits[0].label}: {_fit_sentence(s.fits[0])}")
    else:
        lines.append("- No open job fits your preferences right now.")
    work = facts.recent_work(s.candidate.document)
    if work:
        lines.append(f"- Most recent experience: {facts.work_line(work[0])}.")
    lines.append(
        "Ask me about your resume, your skills, interviews, accommodations and "
        "disclosure, your job search or salary."
    )
    return "\n".join(lines)


ANSWERS: dict[Intent, Callable[[Situation], str]] = {
    "resume": _resume,
    "skills": _skills,
    "interviews": _interviews,
    "accommodations": _accommodations,
    "job_search": _job_search,
    "salary": _salary,
    "general": _general,
}


# --- pieces -----------------------------------------------------------------------------------


def _fit_sentence(fit: JobFit) -> str:
    total = len(fit.matched) + len(fit.missing)
    if not total:
        return "it names no skills."
    if not fit.missing:
        return f"you have all {total} skills it asks for."
    if not fit.matched:
        return f"you list none of its {total} skills; missing {listing(fit.missing[:MAX_SKILLS])}."
    return (
        f"you have {len(fit.matched)} of {total} skills ({listing(fit.matched[:MAX_SKILLS])}); "
        f"missing {listing(fit.missing[:MAX_SKILLS])}."
    )


def _shows(s: Situation) -> str:
    document = s.candidate.document
    work = facts.recent_work(document)
    parts = []
    if work:
        parts.append("experience as " + listing(facts.work_line(r) for r in work[:2]))
    if document.skills:
        parts.append("skills " + listing(document.skills[:MAX_SKILLS]))
    if not parts:
        return "Your profile shows no work experience or skills yet: those are what employers read first."
    return f"Your profile shows {'; '.join(parts)}."


def _unlisted(s: Situation) -> list[str]:
    unlisted = sorted({skill for fit in s.fits for skill in fit.unlisted}, key=str.lower)
    if not unlisted:
        return []
    them = "them" if len(unlisted) > 1 else "it"
    return [
        f"Your experience mentions {listing(unlisted[:MAX_SKILLS])}, which the jobs ask for, but "
        f"your skills list does not: add {them} to your skills so employers and job matching "
        f"see {them}."
    ]


def _preferences(preferences: CandidatePreferences) -> str:
    parts = []
    if preferences.work_modes:
        parts.append(listing((facts.WORK_MODE_NAMES[m] for m in preferences.work_modes), "or"))
    if preferences.employment_types:
        parts.append(listing(preferences.employment_types, "or"))
    if preferences.location.strip():
        parts.append(f"in {preferences.location.strip()}")
    return ", ".join(parts)


def _widen(preferences: CandidatePreferences) -> str:
    ideas = []
    if preferences.work_modes and len(preferences.work_modes) < 3:
        ideas.append("more work modes")
    if preferences.employment_types:
        ideas.append("more employment types")
    if not preferences.willing_to_relocate and preferences.location.strip():
        ideas.append("being open to relocating")
    if ideas:
        return (
            f"To see more jobs, widen your preferences: {listing(ideas, 'or')}. Jobs appear as "
            "employers post them, so check back too."
        )
    return "Jobs appear as employers post them: check back, and keep your profile complete."


def _job_terms(fit: JobFit) -> str:
    job = fit.job
    parts = [facts.WORK_MODE_NAMES[job.workplace_type], job.job_type]
    if job.location.strip():
        parts.append(job.location.strip())
    return ", ".join(parts)


def _target_titles(s: Situation) -> list[str]:
    """The titles the candidate is aiming at: the open jobs that fit them, else their roles."""
    titles: list[str] = []
    for fit in s.fits:
        title = fit.job.title.strip()
        if title and title.lower() not in {t.lower() for t in titles}:
            titles.append(title)
    if not titles:
        titles = [r.role.strip() for r in facts.recent_work(s.candidate.document) if r.role.strip()]
    return titles[:MAX_JOBS]
