"""Text clean-up between extraction and structuring.

Fixes what PDF and Word exports do to text: ligatures, soft hyphens, no-break and odd spaces,
TABs, NUL and control bytes, private-use icon glyphs glued to emails and phones, and Word exports
that put one word per line.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LINE = 1000
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Private-use area (icon fonts: Font Awesome, Material), box drawing and misc symbols used as icons.
_ICONS = re.compile(r"[\ue000-\uf8ff\U000f0000-\U000ffffd\u2600-\u27bf\U0001f300-\U0001faff]")
_KEEP = set("✓✔➢➤❖")  # symbols used as bullets, which mark entry lines
_BULLETS = re.compile(r"^\s*[•●○◦▪■□◆◇►▸‣⁃∙·\-–—*]\s*")
_SENTENCE_END = re.compile(r"[.:;!?]$")


def normalize(text: str, headings: set[str] | None = None) -> str:
    """Clean `text` line by line; `headings` (lower-case) are never joined into a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    # "(cid:123)" is pdfminer's placeholder for a glyph with no Unicode mapping.
    text = re.sub(r"\(cid:\d+\)", " ", text)
    text = _ZERO_WIDTH.sub("", text).replace("\x00", "")
    text = _CONTROL.sub(" ", text)
    text = _ICONS.sub(lambda match: match.group(0) if match.group(0) in _KEEP else " ", text)
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [chunk for line in lines for chunk in _wrap(re.sub(r" {2,}", " ", line))]
    return "\n".join(_join_single_words(lines, headings or set())).strip()


def _wrap(line: str) -> list[str]:
    """A line cut into pieces of at most MAX_LINE characters (at spaces where it can), which
    bounds the cost of every per-line pattern on hostile text."""
    pieces: list[str] = []
    while len(line) > MAX_LINE:
        cut = line.rfind(" ", 0, MAX_LINE)
        cut = cut if cut > MAX_LINE // 2 else MAX_LINE
        pieces.append(line[:cut].strip())
        line = line[cut:].strip()
    pieces.append(line)
    return pieces


def _join_single_words(lines: list[str], headings: set[str]) -> list[str]:
    """Join runs of four or more one-word lines (a Word export that broke every word) back into
    lines, stopping at headings, blank lines and sentence ends."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 4:
            current: list[str] = []
            for word in run:
                current.append(word)
                if _SENTENCE_END.search(word):
                    out.append(" ".join(current))
                    current = []
            if current:
                out.append(" ".join(current))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        word = _BULLETS.sub("", line)
        if (
            line
            and " " not in line
            and len(line) <= 30
            and line.lower().rstrip(":") not in headings
            and not line.isupper()
            and word == line
        ):
            run.append(line)
            continue
        flush()
        out.append(line)
    flush()
    return out
