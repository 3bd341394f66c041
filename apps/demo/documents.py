"""Small real resume files for the demo: plain text laid out as a PDF, a DOCX or a .txt.

No document library is needed at run time (reportlab and python-docx are test tools): the PDF is
written by hand with the standard Helvetica fonts (pdfminer knows their metrics), the DOCX is a
zip of the three parts Word needs. The built-in parser reads all three (plugins/resume_parser).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from xml.sax.saxutils import escape

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
MARGIN = 54
BODY_SIZE, NAME_SIZE, HEADING_SIZE = 10, 18, 12
LEADING = 1.45
WRAP = 96  # characters per body line at 10 pt Helvetica


def wrapped(line: str, width: int = WRAP) -> list[str]:
    """`line` cut at spaces into pieces of at most `width` characters (a longer word stays)."""
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    pieces.append(current)
    return pieces


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _styled(lines: list[str], headings: Collection[str]) -> list[tuple[str, int, str]]:
    """(font, size, text) per printed line: the first line is the name, `headings` are bold."""
    styled: list[tuple[str, int, str]] = []
    for index, line in enumerate(lines):
        if index == 0:
            styled.append(("F2", NAME_SIZE, line))
        elif line in headings:
            styled.append(("F2", HEADING_SIZE, line))
        else:
            styled.extend(("F1", BODY_SIZE, piece) for piece in wrapped(line))
    return styled


def pdf_bytes(lines: list[str], headings: Collection[str]) -> bytes:
    """A PDF of `lines`, one text line each (long ones wrapped), on as many pages as needed."""
    pages: list[list[bytes]] = [[]]
    y: float = PAGE_HEIGHT - MARGIN
    for font, size, text in _styled(lines, headings):
        step = size * LEADING
        if y - step < MARGIN:
            pages.append([])
            y = PAGE_HEIGHT - MARGIN
        y -= step
        if text:
            ops = f"BT /{font} {size} Tf 1 0 0 1 {MARGIN} {y:.1f} Tm ".encode()
            pages[-1].append(ops + _pdf_string(text) + b" Tj ET")
    fonts = b"<< /F1 3 0 R /F2 4 0 R >>"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for page in pages:
        stream = b"\n".join(page)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font %s >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, fonts, content_number)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(lines: list[str], headings: Collection[str]) -> bytes:
    """A DOCX of `lines`, one paragraph each; the name and the headings in bold."""
    paragraphs = []
    for font, size, text in _styled(lines, headings):
        bold = "<w:b/>" if font == "F2" else ""
        props = f'<w:rPr>{bold}<w:sz w:val="{size * 2}"/></w:rPr>'
        paragraphs.append(
            f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def txt_bytes(lines: list[str], headings: Collection[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS = {"pdf": pdf_bytes, "docx": docx_bytes, "txt": txt_bytes}
