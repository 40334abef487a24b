from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.fetcher.providers.base import ProviderConfigError
from services.fetcher.providers.maildir import MaildirProvider

EMAIL = (
    b"Message-ID: <{mid}>\r\nDate: Tue, 10 Nov 2026 10:00:00 -0000\r\n"
    b"Subject: =?UTF-8?Q?Sr=2E_Java_Developer_=E2=80=93_Dallas?=\r\n\r\nRole: Java Developer\r\n"
)


def write(path: Path, mid: str) -> bytes:
    raw = EMAIL.replace(b"{mid}", mid.encode())
    path.write_bytes(raw)
    return raw


def test_lists_eml_folder_with_decoded_subjects_and_aware_dates(tmp_path: Path) -> None:
    raw = write(tmp_path / "a.eml", "a@x.test")
    provider = MaildirProvider(tmp_path)
    (ref,) = provider.list_matching(keywords=["java"], cursor=None)
    assert ref.provider_message_id == "a@x.test"
    assert ref.subject == "Sr. Java Developer – Dallas"
    assert ref.received_at == datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
    assert provider.fetch_raw(ref) == raw


def test_reads_maildir_cur_and_new(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    write(tmp_path / "cur" / "1:2,S", "one@x.test")
    write(tmp_path / "new" / "2", "two@x.test")
    write(tmp_path / "tmp" / "3", "partial@x.test")  # still being delivered: not listed
    refs = MaildirProvider(tmp_path).list_matching(keywords=[], cursor=None)
    assert sorted(r.provider_message_id for r in refs) == ["one@x.test", "two@x.test"]


def test_message_without_id_gets_a_content_hash(tmp_path: Path) -> None:
    (tmp_path / "x.eml").write_bytes(b"Subject: Java Developer\r\n\r\nbody\r\n")
    (ref,) = MaildirProvider(tmp_path).list_matching(keywords=[], cursor=None)
    assert ref.provider_message_id.startswith("sha256:")


def test_missing_folder_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ProviderConfigError):
        MaildirProvider(tmp_path / "nope")
