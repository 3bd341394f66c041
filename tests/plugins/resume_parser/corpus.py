"""The labelled resume corpus: fictional people (people.py) rendered with fixed seeds in the
layouts real resumes use, as PDF (reportlab), DOCX (python-docx) and text.

`python -m tests.plugins.resume_parser.corpus` rewrites `corpus_labels.json` (committed); the
quality test regenerates the files in memory and checks they still match those labels.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plugins.resume_parser.skills import parse_vocabulary
from plugins.resume_parser.vocabulary import VOCABULARY

from .people import Person, dates, make_person

LABELS = Path(__file__).with_name("corpus_labels.json")
PER_LAYOUT = 4
_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FANCY = os.path.exists(f"{_FONT_DIR}/DejaVuSans.ttf")  # ligatures and icon glyphs need a TTF


@dataclass
class Sample:
    layout: str
    seed: int
    extension: str
    content: bytes
    label: dict


def _section_only() -> set[str]:
    return {term.canonical for term in parse_vocabulary(VOCABULARY) if term.skills_section_only
            and term.alias == term.canonical}  # fmt: skip


def label_of(person: Person) -> dict:
    return {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "skills": sorted(person.canonical_skills),
        "employers": [job.company for job in person.jobs],
        "institutions": [school.institution for school in person.schools],
    }


# --- PDF drawing ----------------------------------------------------------------------------------


class _Pdf:
    def __init__(self) -> None:
        from reportlab.lib.pagesizes import LETTER
        from reportlab.pdfgen import canvas

        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=LETTER, invariant=1)
        self.width, self.height = LETTER
        self.regular, self.bold = "Helvetica", "Helvetica-Bold"
        if FANCY:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont("DejaVu", f"{_FONT_DIR}/DejaVuSans.ttf"))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", f"{_FONT_DIR}/DejaVuSans-Bold.ttf"))
            self.regular, self.bold = "DejaVu", "DejaVu-Bold"

    def fancy(self, text: str, plain: str) -> str:
        return text if FANCY else plain

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


class _Column:
    def __init__(self, pdf: _Pdf, x: float, width: float, top: float, align: str = "left"):
        self.pdf, self.x, self.width, self.y, self.align = pdf, x, width, top, align

    def _break(self, needed: float) -> None:
        if self.y - needed < 50:
            self.pdf.canvas.showPage()
            self.y = self.pdf.height - 50

    def text(self, text: str, size: float = 10, bold: bool = False, indent: float = 0) -> None:
        from reportlab.lib.utils import simpleSplit

        font = self.pdf.bold if bold else self.pdf.regular
        for line in simpleSplit(text, font, size, self.width - indent):
            self._break(size * 1.35)
            self.pdf.canvas.setFont(font, size)
            if self.align == "center":
                self.pdf.canvas.drawCentredString(self.x + self.width / 2, self.y - size, line)
            else:
                self.pdf.canvas.drawString(self.x + indent, self.y - size, line)
            self.y -= size * 1.35

    def heading(self, text: str) -> None:
        self.y -= 8
        self.text(text, 12, bold=True)
        self.y -= 2

    def bullet(self, text: str, size: float = 10) -> None:
        if self.align == "center":
            self.text(text, size)
            return
        self._break(size * 1.35)
        self.pdf.canvas.setFont(self.pdf.regular, size)
        self.pdf.canvas.drawString(self.x, self.y - size, "•")
        self.text(text, size, indent=10)

    def row(self, left: str, right: str, size: float = 10, bold: bool = False) -> None:
        self._break(size * 1.35)
        self.pdf.canvas.setFont(self.pdf.bold if bold else self.pdf.regular, size)
        self.pdf.canvas.drawString(self.x, self.y - size, left)
        self.pdf.canvas.setFont(self.pdf.regular, size)
        self.pdf.canvas.drawRightString(self.x + self.width, self.y - size, right)
        self.y -= size * 1.35

    def chips(self, words: list[str], size: float = 9) -> None:
        """A tag cloud: words in rounded boxes, flowed in rows."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        x = self.x
        self.y -= 2
        for word in words:
            width = stringWidth(word, self.pdf.regular, size) + 8
            if x + width > self.x + self.width:
                x = self.x
                self.y -= size + 9
            self.pdf.canvas.roundRect(x, self.y - size - 3, width, size + 6, 3, stroke=1, fill=0)
            self.pdf.canvas.setFont(self.pdf.regular, size)
            self.pdf.canvas.drawString(x + 4, self.y - size, word)
            x += width + 14
        self.y -= size + 12


def _contact(pdf: _Pdf, person: Person) -> list[str]:
    return [
        pdf.fancy(f"✉{person.email}", person.email),
        pdf.fancy(f"☎{person.phone}", person.phone),
        person.location,
        person.linkedin,
    ]


def _experience(column: _Column, person: Person, style: int, heading: str = "Experience") -> None:
    column.heading(heading)
    for job in person.jobs:
        column.text(job.role, 10.5, bold=True)
        column.text(f"{job.company} | {job.location}")
        column.text(dates(job, style), 9)
        for bullet in job.bullets:
            column.bullet(bullet)
        column.y -= 4


def _education(column: _Column, person: Person, style: int) -> None:
    column.heading("Education")
    for school in person.schools:
        column.text(school.institution, 10.5, bold=True)
        degree = (
            f"{school.degree}, {school.field_of_study}" if school.field_of_study else school.degree
        )
        column.text(degree)
        column.text(f"{school.start} – {school.end}", 9)


def _languages(column: _Column, person: Person) -> None:
    column.heading("Languages")
    for language, level in person.languages:
        column.text(f"{language} ({level})")


def one_column(person: Person, seed: int) -> bytes:
    pdf = _Pdf()
    column = _Column(pdf, 50, pdf.width - 100, pdf.height - 50)
    column.text(person.name, 22, bold=True)
    column.text(person.title, 12)
    column.text(" | ".join(_contact(pdf, person)), 9)
    column.heading(pdf.fancy("Proﬁle", "Profile"))
    column.text(person.summary)
    _experience(column, person, seed)
    _education(column, person, seed)
    column.heading("SKILLS")
    column.text(", ".join(person.skills))
    _languages(column, person)
    return pdf.finish()


def two_columns(person: Person, seed: int) -> bytes:
    pdf = _Pdf()
    top = _Column(pdf, 40, pdf.width - 80, pdf.height - 40)
    top.text(person.name.upper(), 20, bold=True)
    top.text(" · ".join(_contact(pdf, person)), 9)
    side = _Column(pdf, 400, 172, top.y - 10)
    side.heading("Technical Skills")
    for skill in person.skills:
        side.text(skill)
    _education(side, person, seed)
    _languages(side, person)
    main = _Column(pdf, 40, 340, top.y - 10)
    main.heading("Summary")
    main.text(person.summary)
    _experience(main, person, seed + 1, "Work History")
    return pdf.finish()


def _sidebar(person: Person, seed: int, side_x: float, main_x: float, band: bool) -> bytes:
    pdf = _Pdf()
    canvas = pdf.canvas
    side_width, main_width = 160, 340
    top = pdf.height - 40
    if band:
        # A header band across the page, the name centred in it.
        canvas.setFillGray(0.85)
        canvas.rect(0, pdf.height - 110, pdf.width, 110, stroke=0, fill=1)
        canvas.setFillGray(0)
        header = _Column(pdf, 100, pdf.width - 200, pdf.height - 25, align="center")
        header.text(person.name, 24, bold=True)
        header.text(person.title, 12)
        header.text(f"{person.location}  |  {person.phone}", 9)
        top = pdf.height - 130
    else:
        canvas.setFillGray(0.9)
        canvas.rect(side_x - 15, 0, side_width + 30, pdf.height, stroke=0, fill=1)
        canvas.setFillGray(0)
    side = _Column(pdf, side_x, side_width, top)
    if not band:
        side.text(person.first, 20, bold=True)
        side.text(person.last, 20, bold=True)
        side.text(person.title, 10)
    side.heading("Contact")
    for line in _contact(pdf, person) if not band else [person.email, person.linkedin]:
        side.text(line, 8.5)
    side.heading("• Skills")
    side.chips(person.skills)
    _languages(side, person)
    main = _Column(pdf, main_x, main_width, top)
    main.heading("About me")
    main.text(person.summary)
    _experience(main, person, seed, "PROFESSIONAL EXPERIENCE")
    _education(main, person, seed)
    return pdf.finish()


def left_sidebar(person: Person, seed: int) -> bytes:
    return _sidebar(person, seed, side_x=25, main_x=230, band=False)


def right_sidebar(person: Person, seed: int) -> bytes:
    return _sidebar(person, seed, side_x=420, main_x=40, band=True)


def tables(person: Person, seed: int) -> bytes:
    pdf = _Pdf()
    column = _Column(pdf, 50, pdf.width - 100, pdf.height - 50)
    column.text(person.name, 22, bold=True)
    column.row(pdf.fancy(f"✉{person.email}", person.email), person.phone, 9)
    column.row(person.location, person.linkedin, 9)
    column.heading("Employment")
    for job in person.jobs:
        column.row(job.company, dates(job, seed), 10.5, bold=True)
        column.row(job.role, job.location)
        for bullet in job.bullets:
            column.bullet(pdf.fancy(bullet.replace("fi", "ﬁ").replace("fl", "ﬂ"), bullet))
        column.y -= 4
    column.heading("Education")
    for school in person.schools:
        column.row(school.institution, f"{school.start} – {school.end}", 10.5, bold=True)
        column.text(f"{school.degree} {school.field_of_study}".strip() + " — GPA 3.85/4.0")
    column.heading("Core Competencies")
    column.text("   ".join(person.skills))
    _languages(column, person)
    return pdf.finish()


def centered(person: Person, seed: int) -> bytes:
    pdf = _Pdf()
    column = _Column(pdf, 156, 300, pdf.height - 50, align="center")
    column.text(person.name, 20, bold=True)
    column.text(person.email, 9)
    column.text(person.phone, 9)
    column.text(f"{person.location} M5V 2T6", 9)
    column.heading("Experience")
    for job in person.jobs:
        column.text(f"{job.role} — {job.company}", 10.5, bold=True)
        column.text(dates(job, seed), 9)
        for bullet in job.bullets:
            column.bullet(bullet)
    _education(column, person, seed)
    column.heading("Skills")
    column.text(" • ".join(person.skills))
    return pdf.finish()


# --- DOCX and text --------------------------------------------------------------------------------


def word_export(person: Person, seed: int) -> bytes:
    """A Word document as exports go: icon glyphs glued to the contact details, TABs before the
    dates, no-break spaces and soft hyphens, a summary with one word per line, a heading that is
    a bullet item, education in a table."""
    import docx

    document = docx.Document()
    document.add_paragraph(person.name, style="Title")
    document.add_paragraph(f"\uf0e0{person.email}  \uf095{person.phone}  {person.location}")
    document.add_heading("Summary", level=1)
    summary = document.add_paragraph()
    words = person.summary.split()
    for index, word in enumerate(words):
        run = summary.add_run(word)
        if index < len(words) - 1:
            run.add_break()
    document.add_heading("Work\u00a0Experience", level=1)
    for job in person.jobs:
        document.add_paragraph(f"{job.company}\t{dates(job, seed)}")
        document.add_paragraph(f"{job.role},\u00a0{job.location}")
        for bullet in job.bullets:
            text = bullet.replace("ing ", "ing\u00a0").replace("ice", "i\u00adce")
            document.add_paragraph(text, style="List Bullet")
    document.add_heading("Education", level=1)
    table = document.add_table(rows=0, cols=3)
    for school in person.schools:
        cells = table.add_row().cells
        cells[0].text = school.institution
        cells[1].text = f"{school.degree} {school.field_of_study}".strip()
        cells[2].text = f"{school.start}\u2013{school.end}"
    document.add_paragraph("Skills", style="List Bullet")
    document.add_paragraph("; ".join(skill.replace(" ", "\u00a0") for skill in person.skills))
    document.add_heading("Languages", level=1)
    document.add_paragraph(
        ", ".join(f"{language} – {level}" for language, level in person.languages)
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plain_text(person: Person, seed: int) -> bytes:
    """A text resume in cp1252 (not UTF-8), with soft hyphens and TABs."""
    lines = [
        person.name,
        person.title,
        f"{person.email}\t{person.phone}\t{person.location}",
        "",
        "PROFILE",
        person.summary.replace("experience", "expe\u00adrience"),
        "",
        "EXPERIENCE",
    ]
    for job in person.jobs:
        lines += [f"{job.role}, {job.company}", f"{job.location}\t{dates(job, seed)}"]
        lines += [f"- {bullet}" for bullet in job.bullets]
        lines.append("")
    lines.append("EDUCATION")
    for school in person.schools:
        lines += [
            school.institution,
            f"{school.degree} {school.field_of_study}".strip(),
            f"{school.start}-{school.end}",
        ]
    lines += ["", "SKILLS", ", ".join(person.skills)]
    return "\n".join(lines).encode("cp1252", errors="replace")


LAYOUTS: dict[str, tuple[str, Callable[[Person, int], bytes]]] = {
    "one_column": ("pdf", one_column),
    "two_columns": ("pdf", two_columns),
    "left_sidebar": ("pdf", left_sidebar),
    "right_sidebar": ("pdf", right_sidebar),
    "tables": ("pdf", tables),
    "centered": ("pdf", centered),
    "word_export": ("docx", word_export),
    "plain_text": ("txt", plain_text),
}


def generate(per_layout: int = PER_LAYOUT) -> list[Sample]:
    """Every layout rendered for `per_layout` fixed seeds."""
    section_only = _section_only()
    samples: list[Sample] = []
    for offset, (layout, (extension, render)) in enumerate(LAYOUTS.items()):
        for index in range(per_layout):
            seed = 1000 + offset * 100 + index
            person = make_person(seed, section_only)
            samples.append(Sample(layout, seed, extension, render(person, seed), label_of(person)))
    return samples


def labels(samples: list[Sample]) -> dict[str, dict]:
    return {f"{sample.layout}/{sample.seed}": sample.label for sample in samples}


if __name__ == "__main__":
    LABELS.write_text(json.dumps(labels(generate()), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {LABELS}")
