"""Plain text out of a resume file: PDF (pdfminer.six, layout-aware), DOCX (zip + XML), text.

Every refusal is a `ResumeParseError` whose message a person can act on; nothing here may hang or
crash on hostile input (page limit, size limits, zip-bomb guards, no XML entities).
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from platform_core.documents import ResumeDocument, ResumeParseError

logger = logging.getLogger(__name__)

MAX_PAGES = 20
MAX_FILE_BYTES = 10 * 1024 * 1024
# DOCX: the whole archive's uncompressed size, one XML part's, and the compression ratio a member
# may claim (Office XML compresses 5-20x; bombs claim 1000x).
DOCX_MAX_TOTAL_BYTES = 50 * 1024 * 1024
DOCX_MAX_PART_BYTES = 10 * 1024 * 1024
DOCX_MAX_RATIO = 200
DOCX_MAX_MEMBERS = 2000
# A vertical whitespace strip at least this wide (points) separates two columns.
GUTTER_MIN = 9.0


@dataclass
class Extracted:
    """The text in reading order, and the most prominent lines (largest type on page one), which
    is where a name usually is."""

    text: str
    prominent: list[str] = field(default_factory=list)


def extract(document: ResumeDocument) -> Extracted:
    """The text of `document`, by its extension."""
    if len(document.content) > MAX_FILE_BYTES:
        raise ResumeParseError("This file is larger than 10 MB; upload a smaller resume.")
    if not document.content.strip():
        raise ResumeParseError("This file is empty; upload your resume again.")
    try:
        if document.extension == "pdf":
            return extract_pdf(document.content)
        if document.extension == "docx":
            return extract_docx(document.content)
        return Extracted(decode_text(document.content))
    except ResumeParseError:
        raise
    except Exception as error:
        # A file damaged in a way no check above foresaw: still a message, never a crash.
        logger.warning("resume extraction failed: %r", error)
        raise ResumeParseError(
            "We could not read this file; it may be damaged. Export it again (PDF or .docx) "
            "and upload the new file."
        ) from error


# --- plain text -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM), else cp1252, else latin-1 (never fails)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- PDF ------------------------------------------------------------------------------------------


@dataclass
class _Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float


def extract_pdf(data: bytes) -> Extracted:
    """Text of a PDF in reading order (columns, sidebars, header bands, table rows)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    if not data.lstrip()[:1024].find(b"%PDF") >= 0:
        raise ResumeParseError(
            "This file is not a PDF; upload a PDF, a Word (.docx) or a text file."
        )
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ResumeParseError(
            "This PDF is password-protected; remove the password (or export it again) and upload it."
        ) from error
    except Exception as error:
        logger.info("unreadable PDF: %r", error)
        raise ResumeParseError(
            "This PDF is damaged or incomplete; export it again and upload the new file."
        ) from error

    count = _page_count(document, resolve1)
    if count is not None and count > MAX_PAGES:
        raise ResumeParseError(
            f"This PDF has {count:,} pages; a resume may have at most {MAX_PAGES}. "
            "Upload a shorter version."
        )

    laparams = LAParams(line_margin=0.5, char_margin=2.0, word_margin=0.1, boxes_flow=None)
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=laparams)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[_Line]] = []
    has_images = False
    try:
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= MAX_PAGES:
                raise ResumeParseError(
                    f"This PDF has more than {MAX_PAGES} pages; upload a shorter version."
                )
            interpreter.process_page(page)
            layout = device.get_result()
            lines: list[_Line] = []
            for element in layout:
                if isinstance(element, LTTextBox):
                    for line in element:
                        if isinstance(line, LTTextLine):
                            _add_line(lines, line)
                elif isinstance(element, LTTextLine):
                    _add_line(lines, element)
                else:
                    has_images = has_images or type(element).__name__ in ("LTFigure", "LTImage")
            pages.append(lines)
    except ResumeParseError:
        raise
    except Exception as error:
        logger.info("PDF failed mid-way: %r", error)
        if not any(pages):
            raise ResumeParseError(
                "This PDF is damaged or incomplete; export it again and upload the new file."
            ) from error
    finally:
        device.close()

    if not any(line.text.strip() for lines in pages for line in lines):
        if has_images:
            raise ResumeParseError(
                "This PDF has no text layer (it looks like a scan or an image). Export the resume "
                "from your editor as a PDF, or upload a Word or text version."
            )
        raise ResumeParseError("This PDF contains no text; upload a PDF exported from your editor.")

    text = "\n\n".join("\n".join(line.text for line in reading_order(lines)) for lines in pages)
    return Extracted(text, _prominent(pages[0] if pages else []))


def _page_count(document, resolve1) -> int | None:
    """The page count the PDF declares (cheap), so a 2,000-page file is refused before parsing."""
    try:
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
        return count if isinstance(count, int) else None
    except Exception:
        return None


def _add_line(lines: list[_Line], line) -> None:
    text = line.get_text().replace("\n", " ").strip()
    if not text:
        return
    sizes = [char.size for char in line if hasattr(char, "size")]
    size = max(sizes) if sizes else line.height
    lines.append(_Line(line.x0, line.y0, line.x1, line.y1, text, round(size, 1)))


def _prominent(lines: list[_Line]) -> list[str]:
    """Lines set in the largest type on the page (three at most)."""
    if not lines:
        return []
    biggest = max(line.size for line in lines)
    body = sorted(line.size for line in lines)[len(lines) // 2]
    if biggest < body * 1.2:
        return []
    top = sorted((line for line in lines if line.size >= biggest * 0.95), key=lambda line: -line.y1)
    return [line.text for line in top[:3]]


def reading_order(lines: list[_Line]) -> list[_Line]:
    """Recursive XY-cut: split at a vertical gutter (columns, sidebars) first; otherwise into
    horizontal bands, keeping together runs of bands that share a gutter (a sidebar beside body
    text) and ordering single rows (table cells) left to right."""
    if len(lines) <= 1:
        return list(lines)
    gutter = _column_gutter(lines)
    if gutter is not None:
        left = [line for line in lines if line.x1 <= gutter]
        right = [line for line in lines if line.x1 > gutter]
        return reading_order(left) + reading_order(right)
    bands = _horizontal_bands(lines)
    if len(bands) == 1:
        return sorted(lines, key=lambda line: line.x0)
    ordered: list[_Line] = []
    run: list[list[_Line]] = []

    def flush() -> None:
        # A run of multi-column bands is a column layout only if it is tall enough; two or three
        # rows with a gap are table rows, read row by row.
        merged = [line for band in run for line in band]
        if len(run) >= 4 and _column_gutter(merged) is not None:
            ordered.extend(reading_order(merged))
        else:
            for band in run:
                ordered.extend(reading_order(band))
        run.clear()

    for band in bands:
        if len(band) > 1 and _vertical_gutter(band) is not None:
            run.append(band)
            continue
        # A single line inside a sidebar run (the other column empty at that height) stays in it.
        if run and len(band) == 1 and _fits_gutter(run, band[0]):
            run.append(band)
            continue
        flush()
        ordered.extend(reading_order(band))
    flush()
    return ordered


def _fits_gutter(run: list[list[_Line]], line: _Line) -> bool:
    gutter = _vertical_gutter([item for band in run for item in band])
    return gutter is not None and (line.x1 <= gutter or line.x0 >= gutter)


def _column_gutter(lines: list[_Line]) -> float | None:
    """A vertical gutter that separates columns, not the cells of table rows: a side whose few
    lines each sit on a row of the other side (right-aligned dates, a phone beside an email) is
    a column of cells, read row by row."""
    gutter = _vertical_gutter(lines)
    if gutter is None:
        return None
    left = [line for line in lines if line.x1 <= gutter]
    right = [line for line in lines if line.x1 > gutter]
    rows = len(_horizontal_bands(lines))
    for side, other in ((left, right), (right, left)):
        paired = sum(any(_same_row(line, item) for item in other) for line in side)
        if len(side) <= 0.35 * rows and paired >= 0.7 * len(side):
            return None
    # Right-aligned cells (dates, locations at the right margin) beside rows of the left side.
    if len(right) >= 2:
        ragged_left = max(line.x0 for line in right) - min(line.x0 for line in right) > 20
        flush_right = max(line.x1 for line in right) - min(line.x1 for line in right) < 3
        paired = sum(any(_same_row(line, item) for item in left) for line in right)
        if ragged_left and flush_right and paired >= 0.5 * len(right):
            return None
    # A grid (every line of both sides on a shared row: a tag cloud, a table) is read by rows.
    if all(any(_same_row(line, item) for item in right) for line in left) and all(
        any(_same_row(line, item) for item in left) for line in right
    ):
        return None
    # Cells of a few rows with other lines between them (a date beside each institution): a
    # column's lines follow each other at the line spacing.
    for side, other in ((left, right), (right, left)):
        paired = sum(any(_same_row(line, item) for item in other) for line in side)
        if len(side) >= 2 and paired == len(side) and _median_gap(side) > 1.0:
            return None
    return gutter


def _median_gap(lines: list[_Line]) -> float:
    """The median whitespace between consecutive lines, in line heights."""
    ordered = sorted(lines, key=lambda line: -line.y1)
    gaps = sorted(
        (upper.y0 - lower.y1) / max(upper.y1 - upper.y0, 1.0)
        for upper, lower in zip(ordered, ordered[1:], strict=False)
    )
    return gaps[len(gaps) // 2]


def _same_row(a: _Line, b: _Line) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


def _vertical_gutter(lines: list[_Line]) -> float | None:
    """The x of the widest vertical whitespace strip crossing no line, with text on both sides."""
    spans = sorted((line.x0, line.x1) for line in lines)
    best: tuple[float, float] | None = None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= GUTTER_MIN and (best is None or x0 - reach > best[1] - best[0]):
            best = (reach, x0)
        reach = max(reach, x1)
    return None if best is None else (best[0] + best[1]) / 2


def _horizontal_bands(lines: list[_Line]) -> list[list[_Line]]:
    """Groups of lines whose vertical extents overlap, top to bottom."""
    ordered = sorted(lines, key=lambda line: -line.y1)
    bands: list[list[_Line]] = []
    floor = None
    for line in ordered:
        # Lines overlapping by more than a third of their height belong to the same row.
        if floor is not None and line.y1 - (line.y1 - line.y0) / 3 > floor:
            bands[-1].append(line)
            floor = min(floor, line.y0)
        else:
            bands.append([line])
            floor = line.y0
    return bands


# --- DOCX -----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def extract_docx(data: bytes) -> Extracted:
    """Paragraphs and tables of a .docx (headers first, text boxes as their own lines)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise ResumeParseError(
            "This Word file is damaged or is not a .docx; save it again as .docx or PDF."
        ) from error
    with archive:
        members = archive.infolist()
        if len(members) > DOCX_MAX_MEMBERS:
            raise ResumeParseError("This Word file has too many parts to be a resume.")
        total = sum(member.file_size for member in members)
        if total > DOCX_MAX_TOTAL_BYTES or any(
            member.file_size > DOCX_MAX_RATIO * max(member.compress_size, 1)
            and member.file_size > 1_000_000
            for member in members
        ):
            raise ResumeParseError(
                "This Word file expands to far more data than a resume; save it again and upload it."
            )
        names = {member.filename for member in members}
        if "word/document.xml" not in names:
            raise ResumeParseError("This file is not a Word document; upload a .docx or a PDF.")
        parts = sorted(
            name for name in names if name.startswith("word/header") and name.endswith(".xml")
        )
        lines: list[str] = []
        prominent: list[str] = []
        for name in [*parts, "word/document.xml"]:
            root = _read_xml(archive, name)
            body = root.find(f"{_W}body")
            _walk(body if body is not None else root, lines, prominent)
    text = "\n".join(lines)
    if not text.strip():
        raise ResumeParseError("This Word file contains no text; upload the resume with its text.")
    return Extracted(text, prominent[:3])


def _read_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        with archive.open(name) as stream:
            # Read one byte past the limit: the zip header's size may lie.
            data = stream.read(DOCX_MAX_PART_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise ResumeParseError(
            "This Word file is damaged or encrypted; save it again as .docx or PDF."
        ) from error
    if len(data) > DOCX_MAX_PART_BYTES:
        raise ResumeParseError("This Word file is too large to be a resume.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # Office never writes a DTD; entities are how XML bombs expand.
        raise ResumeParseError("This Word file is malformed; save it again as .docx or PDF.")
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - no DTD, checked above
    except ElementTree.ParseError as error:
        raise ResumeParseError(
            "This Word file is damaged; save it again as .docx or PDF."
        ) from error


def _walk(element: ElementTree.Element, lines: list[str], prominent: list[str]) -> None:
    for child in element:
        if child.tag == f"{_W}p":
            _paragraph(child, lines, prominent)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                for cell in row.findall(f"{_W}tc"):
                    _walk(cell, lines, prominent)
        elif child.tag != _MC_FALLBACK:
            _walk(child, lines, prominent)


def _paragraph(paragraph: ElementTree.Element, lines: list[str], prominent: list[str]) -> None:
    parts: list[str] = []
    boxes: list[ElementTree.Element] = []
    biggest = 0

    def visit(node: ElementTree.Element) -> None:
        nonlocal biggest
        for child in node:
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}sz":
                value = child.get(f"{_W}val", "")
                biggest = max(biggest, int(value) if value.isdigit() else 0)
            elif tag == f"{_W}txbxContent":
                boxes.append(child)
            elif tag != _MC_FALLBACK:
                visit(child)

    visit(paragraph)
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    text = "".join(parts)
    if text.strip():
        lines.extend(text.split("\n"))
        is_title = style is not None and style.get(f"{_W}val", "") in ("Title", "Name")
        if is_title or biggest >= 36:  # half-points: 18 pt or larger
            prominent.append(text.strip())
    for box in boxes:
        _walk(box, lines, prominent)
