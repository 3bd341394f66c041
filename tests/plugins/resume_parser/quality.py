"""Scoring parsed resumes against corpus labels (per layout and overall).

`python -m tests.plugins.resume_parser.quality` prints the per-layout table of
docs/resume_parser.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from platform_core.documents import ParsedResume, ResumeDocument
from plugins.resume_parser.parser import parse

from .corpus import Sample, generate


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.findall(r"[a-z0-9]+", text)


def token_f1(predicted: str, expected: str) -> float:
    got, want = _tokens(predicted), _tokens(expected)
    if not got or not want:
        return float(got == want)
    common = sum(min(got.count(token), want.count(token)) for token in set(got))
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(want)
    return 2 * precision * recall / (precision + recall)


def same_organisation(predicted: str, expected: str) -> bool:
    """An employer or institution counts when its words mostly match (token-F1 >= 0.8)."""
    return token_f1(predicted, expected) >= 0.8


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


@dataclass
class Score:
    resumes: int = 0
    email: int = 0
    phone: int = 0
    name_f1: float = 0.0
    skills_hit: int = 0
    skills_found: int = 0
    skills_wanted: int = 0
    # Per kind ("employers", "institutions"): [correct, reported, recalled, labelled].
    orgs: dict[str, list[int]] = field(
        default_factory=lambda: {"employers": [0, 0, 0, 0], "institutions": [0, 0, 0, 0]}
    )

    def add(self, parsed: ParsedResume, label: dict) -> None:
        data = parsed.resume_data
        self.resumes += 1
        self.email += data.personal_info.email == label["email"].lower()
        self.phone += _digits(data.personal_info.phone) == _digits(label["phone"])
        self.name_f1 += token_f1(data.personal_info.full_name, label["name"])
        found = {skill.lower() for skill in data.skills}
        wanted = {skill.lower() for skill in label["skills"]}
        self.skills_hit += len(found & wanted)
        self.skills_found += len(found)
        self.skills_wanted += len(wanted)
        predicted = {
            "employers": [item.company for item in data.work_experience],
            "institutions": [item.institution for item in data.education],
        }
        for kind, names in predicted.items():
            expected = label[kind]
            correct = sum(any(same_organisation(name, want) for want in expected) for name in names)
            recalled = sum(
                any(same_organisation(name, want) for name in names) for want in expected
            )
            counts = self.orgs[kind]
            counts[0] += correct
            counts[1] += len(names)
            counts[2] += recalled
            counts[3] += len(expected)

    def metrics(self) -> dict[str, float]:
        def ratio(a: float, b: float) -> float:
            return a / b if b else 1.0

        out = {
            "email": ratio(self.email, self.resumes),
            "phone": ratio(self.phone, self.resumes),
            "name_f1": ratio(self.name_f1, self.resumes),
            "skills_recall": ratio(self.skills_hit, self.skills_wanted),
            "skills_precision": ratio(self.skills_hit, self.skills_found),
        }
        for kind in ("employers", "institutions"):
            correct, reported, recalled, labelled = self.orgs[kind]
            out[f"{kind}_precision"] = ratio(correct, reported)
            out[f"{kind}_recall"] = ratio(recalled, labelled)
        return out


def evaluate(samples: list[Sample]) -> tuple[dict[str, Score], Score]:
    """Scores per layout and overall."""
    per_layout: dict[str, Score] = defaultdict(Score)
    overall = Score()
    for sample in samples:
        parsed = parse(
            ResumeDocument(
                filename=f"{sample.layout}.{sample.extension}",
                extension=sample.extension,  # type: ignore[arg-type]
                content=sample.content,
            )
        )
        per_layout[sample.layout].add(parsed, sample.label)
        overall.add(parsed, sample.label)
    return dict(per_layout), overall


def table(per_layout: dict[str, Score], overall: Score) -> str:
    columns = list(overall.metrics())
    lines = ["| layout | n | " + " | ".join(columns) + " |", "|" + " --- |" * (len(columns) + 2)]
    for name, score in [*per_layout.items(), ("**all**", overall)]:
        values = " | ".join(f"{value:.2f}" for value in score.metrics().values())
        lines.append(f"| {name} | {score.resumes} | {values} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(*evaluate(generate())))
