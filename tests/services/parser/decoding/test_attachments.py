"""Attachment text: PDF, DOCX, CSV and plain text, bounded, never crashing; fields the body
lacks come from a job-description attachment, with the attachment named in the evidence."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import docx
import pytest

from schemas.contracts.models import EmploymentType, Rate, Visa
from services.parser.decoding import attachments, decode_email
from services.parser.rules import extract

PDF_TYPE = ("application", "pdf")
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def pdf_bytes(*pages: list[str]) -> bytes:
    """A minimal PDF, one text line per entry, written by hand: object offsets and xref
    computed here, Helvetica as the standard font. pypdf reads it like any producer's file."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, lines in enumerate(pages):
        escaped = [
            line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines
        ]
        ops = "BT /F1 11 Tf 14 TL 72 740 Td " + " ".join(f"({t}) Tj T*" for t in escaped) + " ET"
        stream = ops.encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * index}"
            " 0 R /Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def mail(
    body: str,
    *files: tuple[str, bytes, tuple[str, str]],
    subject: str = "Java Developer - Dallas, TX",
) -> bytes:
    message = EmailMessage()
    message["From"] = "Priya Sharma <priya@bluepeak.test>"
    message["To"] = "recruiter@demo.example.test"
    message["Subject"] = subject
    message["Message-ID"] = "<att@bluepeak.test>"
    message.set_content(body)
    for name, data, (maintype, subtype) in files:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


SEE_ATTACHED = "Hi,\n\nPlease see the attached JD and share suitable profiles.\n\nThanks,\nPriya\n"
JD_LINES = [
    "Job Title: Java Developer",
    "Location: Dallas, TX (Hybrid)",
    "Duration: 12 months",
    "Rate: $70/hr C2C",
    "Visa: USC/GC",
    "Experience: 9+ years",
    "Skills: Java, Spring Boot, Kafka, AWS",
]


def test_pdf_jd_fills_the_fields_the_body_lacks() -> None:
    decoded = decode_email(mail(SEE_ATTACHED, ("Java_JD.pdf", pdf_bytes(JD_LINES), PDF_TYPE)))
    assert [a.filename for a in decoded.attachment_texts] == ["Java_JD.pdf"]
    assert "Rate: $70/hr C2C" in decoded.attachment_texts[0].text
    result = extract(decoded)
    assert result.is_job and result.confidence >= 0.9, result
    job = result.jobs[0]
    assert job.title == "Java Developer"
    assert job.location == "Dallas, TX"  # from the subject: the body's source comes first
    assert job.rate == Rate(min=70, max=70, unit="hour")
    assert job.visa == [Visa.USC, Visa.GC]
    assert job.employment_types == [EmploymentType.C2C]
    assert (job.duration_months, job.experience_years) == (12, 9)
    assert {"java", "spring boot", "kafka", "aws"} <= set(job.skills)
    sources = {e.field: e.source for e in result.evidence}
    assert sources["rate"] == sources["visa"] == "attachment:Java_JD.pdf"
    assert sources["location"] == "subject"
    text = decoded.attachment_texts[0].text
    for evidence in result.evidence:
        if evidence.source == "attachment:Java_JD.pdf":
            assert text[evidence.start : evidence.end] == evidence.text


def test_docx_jd_with_a_label_table() -> None:
    table = [["Job Title", "Guidewire Developer"], ["Rate", "$72/hr C2C"], ["Visa", "USC/GC"]]
    data = docx_bytes(["Job Description", "Location: Hartford, CT"], table)
    raw = mail(SEE_ATTACHED, ("Guidewire_JD.docx", data, DOCX_TYPE), subject="Requirement")
    decoded = decode_email(raw)
    assert "Rate | $72/hr C2C" in decoded.attachment_texts[0].text
    result = extract(decoded)
    assert result.is_job, result
    job = result.jobs[0]
    assert job.title == "Guidewire Developer"  # the subject names no role: the JD does
    assert job.location == "Hartford, CT"
    assert job.rate == Rate(min=72, max=72, unit="hour")
    assert job.visa == [Visa.USC, Visa.GC]
    assert {e.source for e in result.evidence} == {"attachment:Guidewire_JD.docx"}


@pytest.mark.parametrize(
    ("name", "ctype"), [("JD.pdf", PDF_TYPE), ("JD.docx", DOCX_TYPE)], ids=["pdf", "docx"]
)
def test_one_line_body_takes_the_whole_job_from_the_attachment(
    name: str, ctype: tuple[str, str]
) -> None:
    # Neither body nor subject names a role, a place or a rate: everything is in the file.
    data = pdf_bytes(JD_LINES) if name.endswith(".pdf") else docx_bytes(JD_LINES)
    result = extract(
        decode_email(mail("Please find the JD attached", (name, data, ctype), subject="JD"))
    )
    assert result.is_job, result
    job = result.jobs[0]
    assert (job.title, job.location) == ("Java Developer", "Dallas, TX")
    assert job.rate == Rate(min=70, max=70, unit="hour")
    assert {e.source for e in result.evidence} == {f"attachment:{name}"}


def test_csv_of_openings_becomes_jobs() -> None:
    csv_data = (
        b"Job Title,Location,Duration,Rate\n"
        b'Java Developer,"Plano, TX",12 months,$60/hr\n'
        b"QA Analyst,Remote,6 months,$45/hr\n"
    )
    raw = mail(
        "Hi,\n\nPlease find the attached list of openings and share matching resumes.\n",
        ("openings.csv", csv_data, ("text", "csv")),
        subject="Open requirements - C2C",
    )
    result = extract(decode_email(raw))
    assert [(j.title, j.location) for j in result.jobs] == [
        ("Java Developer", "Plano, TX"),
        ("QA Analyst", "Remote"),
    ]


def test_plain_text_attachment_next_to_a_body() -> None:
    raw = mail(SEE_ATTACHED, ("jd.txt", "\n".join(JD_LINES).encode(), ("text", "plain")))
    decoded = decode_email(raw)
    assert "See the attached" not in decoded.attachment_texts[0].text
    assert extract(decoded).jobs[0].rate == Rate(min=70, max=70, unit="hour")


def test_body_values_win_over_the_attachment() -> None:
    body = "Role: Java Developer\nRate: $60/hr C2C\nDuration: 6 months\n\nJD attached."
    result = extract(decode_email(mail(body, ("JD.pdf", pdf_bytes(JD_LINES), PDF_TYPE))))
    job = result.jobs[0]
    assert job.rate == Rate(min=60, max=60, unit="hour")
    assert job.duration_months == 6
    assert job.visa == [Visa.USC, Visa.GC]  # missing from the body: the attachment's


def test_resume_attachment_is_never_a_job_description() -> None:
    resume = pdf_bytes(["John Doe", "Professional Summary", "Rate: $99/hr", "Education"])
    raw = mail(SEE_ATTACHED, ("John_Doe_Resume.pdf", resume, PDF_TYPE))
    result = extract(decode_email(raw))
    assert all(job.rate is None for job in result.jobs)
    assert not any(e.source.startswith("attachment:") for e in result.evidence)


@pytest.mark.parametrize(
    ("name", "data", "ctype"),
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", PDF_TYPE),
        ("garbage.pdf", bytes(range(256)) * 8, PDF_TYPE),
        ("truncated.docx", docx_bytes(["Rate: $70/hr"])[:300], DOCX_TYPE),
        ("not_a_doc.docx", b"PK\x03\x04 not really a zip", DOCX_TYPE),
        ("empty.pdf", b"", PDF_TYPE),
        ("binary.csv", b"\xff\xfe\x00\x00" * 100, ("text", "csv")),
    ],
)
def test_broken_attachments_never_crash(name: str, data: bytes, ctype: tuple[str, str]) -> None:
    body = "Role: Java Developer\nDuration: 12 months\nRate: $60/hr C2C\n"
    decoded = decode_email(mail(body, (name, data, ctype)))
    assert "decode-failed" not in decoded.defects
    assert extract(decoded).jobs[0].rate == Rate(min=60, max=60, unit="hour")


def test_encrypted_pdf_is_reported_not_read() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(JD_LINES))))
    writer.encrypt("secret", algorithm="RC4-128")  # RC4: pypdf needs no crypto extra for it
    out = io.BytesIO()
    writer.write(out)
    raw = mail("Please find the JD attached", ("locked.pdf", out.getvalue(), PDF_TYPE))
    decoded = decode_email(raw)
    assert "attachment-encrypted:locked.pdf" in decoded.defects
    assert decoded.attachment_texts == []
    assert "decode-failed" not in decoded.defects


def test_zip_without_document_is_unreadable_not_fatal() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    decoded = decode_email(mail("Body", ("x.docx", out.getvalue(), DOCX_TYPE)))
    assert "attachment-unreadable:x.docx" in decoded.defects
    assert decoded.attachment_texts == []


def test_oversized_attachment_is_not_read() -> None:
    data = b"%PDF-1.4\n" + b"%" * attachments.MAX_BYTES
    decoded = decode_email(mail("Body", ("huge.pdf", data, PDF_TYPE)))
    assert "attachment-too-large:huge.pdf" in decoded.defects
    assert decoded.attachment_texts == []


def test_pdf_pages_are_bounded() -> None:
    pages = [[f"Page {n}"] for n in range(1, attachments.MAX_PAGES + 6)]
    decoded = decode_email(mail("Body", ("long.pdf", pdf_bytes(*pages), PDF_TYPE)))
    text = decoded.attachment_texts[0].text
    assert f"Page {attachments.MAX_PAGES}" in text
    assert f"Page {attachments.MAX_PAGES + 1}" not in text
    assert "attachment-pages-truncated:long.pdf" in decoded.defects


def test_total_attachment_text_is_bounded() -> None:
    big = ("Java Spring Kafka " * 2000).encode()  # 36k characters each
    files = [(f"notes{n}.txt", big, ("text", "plain")) for n in range(3)]
    decoded = decode_email(mail("Body", *files))
    assert sum(len(a.text) for a in decoded.attachment_texts) <= attachments.MAX_TOTAL_CHARS
    assert "attachments-truncated" in decoded.defects


def test_attachment_count_is_bounded() -> None:
    files = [(f"n{n}.txt", f"note {n}".encode(), ("text", "plain")) for n in range(8)]
    decoded = decode_email(mail("Body", *files))
    assert len(decoded.attachment_texts) == attachments.MAX_ATTACHMENTS


def test_images_and_unknown_types_are_skipped() -> None:
    files = [
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, ("image", "png")),
        ("data.bin", b"\x00\x01\x02", ("application", "octet-stream")),
    ]
    decoded = decode_email(mail("Body", *files))
    assert decoded.attachment_texts == []
    assert [a.filename for a in decoded.attachments] == ["logo.png", "data.bin"]


@pytest.mark.parametrize(
    ("filename", "ctype", "data", "kind"),
    [
        ("jd.pdf", "application/octet-stream", b"x", "pdf"),
        (None, "application/octet-stream", b"%PDF-1.7", "pdf"),
        ("JD.DOCX", "application/octet-stream", b"PK", "docx"),
        ("list.csv", "application/vnd.ms-excel", b"a,b", "csv"),
        ("notes.txt", "application/octet-stream", b"hi", "text"),
        ("page.html", "application/octet-stream", b"<p>", "html"),
        ("photo.jpg", "image/jpeg", b"\xff\xd8", None),
        ("old.doc", "application/msword", b"\xd0\xcf", None),
    ],
)
def test_attachment_kind(filename: str | None, ctype: str, data: bytes, kind: str | None) -> None:
    assert attachments.attachment_kind(filename, ctype, data) == kind
