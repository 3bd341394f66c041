"""Hostile and broken files: a `ResumeParseError` with a message a person can act on, or a sane
result; never a crash or a hang."""

import io
import zipfile

import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from platform_core.documents import ResumeDocument, ResumeParseError
from plugins.resume_parser.parser import parse

from .corpus import generate


def _document(content: bytes, extension: str = "pdf") -> ResumeDocument:
    return ResumeDocument(filename=f"resume.{extension}", extension=extension, content=content)


def _pdf(pages: int = 1, text: str = "Jane Doe jane@example.com", **options) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER, **options)
    for number in range(pages):
        pdf.drawString(72, 700, f"{text} page {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _error(document: ResumeDocument) -> str:
    with pytest.raises(ResumeParseError) as raised:
        parse(document)
    return str(raised.value)


def test_parse_encrypted_pdf_asks_to_remove_password():
    from reportlab.lib.pdfencrypt import StandardEncryption

    content = _pdf(encrypt=StandardEncryption("user-secret", "owner-secret"))

    assert _error(_document(content)) == (
        "This PDF is password-protected; remove the password (or export it again) and upload it."
    )


def test_parse_truncated_pdf_is_refused_or_parsed():
    content = generate(1)[0].content
    truncated = content[: len(content) // 3]

    try:
        result = parse(_document(truncated))
    except ResumeParseError as error:
        assert "damaged or incomplete" in str(error) or "no text" in str(error)
    else:
        assert isinstance(result.text, str)


def test_parse_two_thousand_page_pdf_hits_page_limit():
    content = _pdf(pages=2000)

    assert _error(_document(content)) == (
        "This PDF has 2,000 pages; a resume may have at most 20. Upload a shorter version."
    )


def test_parse_image_only_pdf_says_no_text_layer():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER)
    pdf.drawImage(ImageReader(Image.new("RGB", (200, 100), "white")), 72, 500, 200, 100)
    pdf.showPage()
    pdf.save()

    assert "no text layer" in _error(_document(buffer.getvalue()))


def test_parse_not_a_pdf_says_so():
    assert _error(_document(b"GIF89a not a pdf at all")) == (
        "This file is not a PDF; upload a PDF, a Word (.docx) or a text file."
    )


def _docx(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_parse_zip_bomb_docx_is_refused():
    content = _docx({"word/document.xml": b"<" + b" " * 60_000_000 + b">"})

    assert _error(_document(content, "docx")) == (
        "This Word file expands to far more data than a resume; save it again and upload it."
    )


def test_parse_docx_with_entity_declarations_is_refused():
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        b"<w:document " + _W.encode() + b"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    )

    assert "malformed" in _error(_document(_docx({"word/document.xml": xml}), "docx"))


def test_parse_docx_with_only_tables_reads_the_cells():
    rows = [
        ("Jane Doe", "jane.doe@example.com"),
        ("Experience", ""),
        ("Northwind Health", "Jan 2020 – Present"),
        ("Registered Nurse", "Halifax, NS"),
        ("Skills", ""),
        ("Patient Care, Triage, Wound Care", ""),
    ]
    cells = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>" for cell in row)
        + "</w:tr>"
        for row in rows
    )
    xml = f"<w:document {_W}><w:body><w:tbl>{cells}</w:tbl></w:body></w:document>"

    data = parse(_document(_docx({"word/document.xml": xml.encode()}), "docx")).resume_data

    assert data.personal_info.email == "jane.doe@example.com"
    assert data.skills == ["Patient Care", "Triage", "Wound Care"]
    assert [(job.company, job.role, job.current) for job in data.work_experience] == [
        ("Northwind Health", "Registered Nurse", True)
    ]


def test_parse_broken_zip_as_docx_says_damaged():
    assert "damaged" in _error(_document(b"PK\x03\x04 not really a zip", "docx"))


def test_parse_cp1252_text_decodes():
    content = "Chloé Bouchard\nchloe@example.com\nSkills\nPython, Excel\n".encode("cp1252")

    data = parse(_document(content, "txt")).resume_data

    assert data.personal_info.full_name == "Chloé Bouchard"


def test_parse_nul_bytes_are_removed_from_text():
    content = b"Jane Doe\x00\njane@example.com\x00\nSkills\nPy\x00thon, SQL, Docker\n"

    result = parse(_document(content, "txt"))

    assert "\x00" not in result.text
    assert result.resume_data.personal_info.email == "jane@example.com"
    assert result.resume_data.skills == ["Python", "SQL", "Docker"]


def test_parse_empty_file_says_empty():
    assert _error(_document(b"   ", "txt")) == "This file is empty; upload your resume again."
