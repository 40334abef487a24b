"""Other MIME parsers' own fixture mail (tests/corpus/peer_mime, sources in its SOURCES.md)
through ``reqstream parse --extractor offline``: nothing raises, every file gets its line.

Broken and hostile MIME is what these fixtures are for; the parser's contract is that none of it
crashes a file, and that ``decode_email`` never falls back to its catch-all. Time per file is
measured by ``services/bench/peer_mime.py``, not asserted here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.main import app
from services.parser.decoding import decode_email

PEER_MIME = Path(__file__).resolve().parents[1] / "corpus" / "peer_mime"
PROJECTS = sorted(p for p in PEER_MIME.iterdir() if p.is_dir())
FILES = sorted(PEER_MIME.glob("*/*.eml"))

runner = CliRunner()


def test_the_selection_is_there() -> None:
    assert len(PROJECTS) == 6
    assert len(FILES) >= 200


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_every_file_parses_offline_without_an_exception(project: Path) -> None:
    result = runner.invoke(app, ["parse", str(project), "--extractor", "offline", "--json"])
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(p) for p in sorted(project.glob("*.eml"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_decoding_never_needs_its_catch_all(path: Path) -> None:
    assert "decode-failed" not in decode_email(path.read_bytes()).defects


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # unquoted boundary=----=_NextPart_…: policy.default reads "----"
        ("mikel-mail/raw_email_with_illegal_boundary.eml", "This is an outlook test"),
        # the declared boundary never delimits anything, its closing line never comes
        ("spamscope-mail-parser/mail_malformed_3.eml", "Problemas para visualizar"),
        # Russian UTF-8 with a stray byte: the guess made it gb18030 hanzi
        ("spamscope-mail-parser/mail_test_6.eml", "Профиль  Сообщения"),
        # base64-encoded message/rfc822
        ("james-mime4j/base64encoded-rfc822message.eml", "Text body"),
        # Word's HTML: every run black on background-color:transparent, from a stylesheet class
        ("mimekit/multipart-related-mhtml.eml", "def"),
        # "--boundary This should be ignored": a delimiter with words after it
        ("james-mime4j/ending-boundaries.eml", "first part"),
    ],
)
def test_peer_files_read_as_a_reader_sees_them(name: str, expected: str) -> None:
    assert expected in decode_email((PEER_MIME / name).read_bytes()).text


def test_an_outlook_msg_file_is_binary_not_text() -> None:
    decoded = decode_email(
        (PEER_MIME / "spamscope-mail-parser" / "mail_outlook_1.eml").read_bytes()
    )
    assert decoded.text == ""
    assert "binary-text-part" in decoded.defects
