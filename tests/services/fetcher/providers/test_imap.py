"""ImapProvider against a real Dovecot (tests/providers/dovecot.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.domain.network import AllowList, MailServerPolicy, parse_ports
from services.fetcher.providers.base import AuthRevoked, ProviderConfigError, Transient
from services.fetcher.providers.imap import ImapProvider
from services.infra.process import free_ports
from tests.providers.dovecot import DovecotServer, dovecot, make_message  # noqa: F401

pytestmark = pytest.mark.imap

KEYWORDS = ["java developer", "développeur", "data engineer"]
# the test Dovecot listens on loopback, on free ports, with a plain-text port: the operator's
# allow-list of a deployment with an on-premise server
LOOPBACK_POLICY = MailServerPolicy(
    allow_list=AllowList.parse(["127.0.0.1"]),
    ports=parse_ports(["1024-65535"]),
    allow_plaintext=True,
)
NOW = datetime.now(UTC).replace(microsecond=0)  # INTERNALDATE has whole seconds


@dataclass
class Mailbox:
    """A fresh Dovecot user; providers made here are closed after the test."""

    server: DovecotServer
    user: str
    password: str
    providers: list[ImapProvider] = field(default_factory=list)

    def provider(self, **overrides: Any) -> ImapProvider:
        settings: dict[str, Any] = {
            "host": self.server.host,
            "port": self.server.port,
            "username": self.user,
            "password": self.password,
            "ssl": False,
            "timeout": 5,
            "policy": LOOPBACK_POLICY,
        }
        provider = ImapProvider(**(settings | overrides))
        self.providers.append(provider)
        return provider

    def deliver(
        self, subject: str, message_id: str | None, *, days_ago: float = 1, folder: str = "INBOX"
    ) -> tuple[int, bytes]:
        raw = make_message(subject=subject, message_id=message_id)
        when = NOW - timedelta(days=days_ago)
        return self.server.append(self.user, raw, when, folder=folder), raw

    def flags(self, uid: int, folder: str = "INBOX") -> tuple[bytes, ...]:
        with self.server.session(self.user) as client:
            client.select_folder(folder, readonly=True)
            return tuple(client.fetch([uid], ["FLAGS"])[uid][b"FLAGS"])

    def uidvalidity(self, folder: str) -> int:
        with self.server.session(self.user) as client:
            return int(client.select_folder(folder, readonly=True)[b"UIDVALIDITY"])


@pytest.fixture
def mailbox(dovecot: DovecotServer) -> Iterator[Mailbox]:  # noqa: F811  (the fixture import)
    user, password = dovecot.new_user()
    box = Mailbox(dovecot, user, password)
    yield box
    for provider in box.providers:
        provider.close()


def ids(refs: Any) -> list[str]:
    return sorted(r.provider_message_id for r in refs)


def test_lists_subjects_matching_any_keyword_with_decoded_subjects(mailbox: Mailbox) -> None:
    mailbox.deliver("Sr Java Developer - Dallas, TX - C2C", "java@x.test", days_ago=2)
    _, encoded = mailbox.deliver("Développeur Java – Paris", "fr@x.test")
    assert b"Subject: =?utf-8?" in encoded  # RFC 2047 on the wire; Dovecot decodes to match
    mailbox.deliver("Hiring: Senior DATA ENGINEER (remote)", "data@x.test")
    mailbox.deliver("Hotlist: available consultants", "hotlist@x.test")
    mailbox.deliver("Re: interview schedule", None)

    refs = mailbox.provider().list_matching(keywords=KEYWORDS, cursor=None)

    assert ids(refs) == ["data@x.test", "fr@x.test", "java@x.test"]
    by_id = {r.provider_message_id: r for r in refs}
    assert by_id["fr@x.test"].subject == "Développeur Java – Paris"
    assert by_id["java@x.test"].received_at == NOW - timedelta(days=2)
    assert by_id["java@x.test"].thread_id is None


def test_fetch_returns_identical_bytes_and_does_not_mark_seen(mailbox: Mailbox) -> None:
    uid, raw = mailbox.deliver("Java Developer", "raw@x.test")
    provider = mailbox.provider()
    (ref,) = provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert provider.fetch_raw(ref) == raw
    assert b"\\Seen" not in mailbox.flags(uid)


def test_message_without_message_id_gets_a_uid_based_id(mailbox: Mailbox) -> None:
    uid, raw = mailbox.deliver("Java Developer", None)
    provider = mailbox.provider()
    (ref,) = provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert ref.provider_message_id == f"uid:{mailbox.uidvalidity('INBOX')}:{uid}"
    assert provider.fetch_raw(ref) == raw


def test_first_sync_looks_back_since_days_only(mailbox: Mailbox) -> None:
    mailbox.deliver("Java Developer (old)", "old@x.test", days_ago=40)
    mailbox.deliver("Java Developer (new)", "new@x.test", days_ago=3)

    refs = mailbox.provider(since_days=30).list_matching(keywords=KEYWORDS, cursor=None)

    assert ids(refs) == ["new@x.test"]


def test_cursor_lists_only_newer_mail(mailbox: Mailbox) -> None:
    mailbox.deliver("Java Developer 1", "one@x.test")
    first = mailbox.provider()
    refs = first.list_matching(keywords=KEYWORDS, cursor=None)
    cursor = first.next_cursor(cursor=None, published=refs, backlog=False)
    mailbox.deliver("Java Developer 2", "two@x.test")

    later = mailbox.provider().list_matching(keywords=KEYWORDS, cursor=cursor)

    assert ids(later) == ["two@x.test"]


def test_no_new_mail_lists_nothing_although_uid_range_includes_the_highest(
    mailbox: Mailbox,
) -> None:
    uid, _ = mailbox.deliver("Java Developer", "only@x.test")
    first = mailbox.provider()
    refs = first.list_matching(keywords=KEYWORDS, cursor=None)
    cursor = first.next_cursor(cursor=None, published=refs, backlog=False)
    assert cursor is not None
    assert cursor["last_uid"] == uid
    with mailbox.server.session(mailbox.user) as client:  # the RFC 3501 quirk being guarded
        client.select_folder("INBOX", readonly=True)
        assert client.search(["UID", f"{uid + 1}:*"]) == [uid]

    assert mailbox.provider().list_matching(keywords=KEYWORDS, cursor=cursor) == []


def test_cursor_advances_past_non_matching_mail(mailbox: Mailbox) -> None:
    noise, _ = mailbox.deliver("Hotlist", "noise@x.test")
    provider = mailbox.provider()

    assert provider.list_matching(keywords=KEYWORDS, cursor=None) == []
    cursor = provider.next_cursor(cursor=None, published=[], backlog=False)

    assert cursor == {
        "folder": "INBOX",
        "uidvalidity": mailbox.uidvalidity("INBOX"),
        "last_uid": noise,
    }


def test_backlog_cursor_stops_before_the_oldest_unpublished(mailbox: Mailbox) -> None:
    uids = [mailbox.deliver(f"Java Developer {n}", f"b{n}@x.test")[0] for n in range(4)]
    provider = mailbox.provider()
    refs = sorted(provider.list_matching(keywords=KEYWORDS, cursor=None), key=lambda r: r.subject)
    # the fetcher published the two oldest; b2 and b3 wait for the next sync
    published = [r for r in refs if r.provider_message_id in {"b0@x.test", "b1@x.test"}]

    cursor = provider.next_cursor(cursor=None, published=published, backlog=True)

    assert cursor is not None
    assert cursor["last_uid"] == uids[2] - 1
    later = mailbox.provider().list_matching(keywords=KEYWORDS, cursor=cursor)
    assert ids(later) == ["b2@x.test", "b3@x.test"]
    done = provider.next_cursor(cursor=None, published=refs, backlog=False)
    assert done is not None
    assert done["last_uid"] == uids[3]


def test_uidvalidity_change_drops_the_cursor(mailbox: Mailbox) -> None:
    for n in range(3):
        mailbox.deliver(f"Java Developer {n}", f"v{n}@x.test", folder="Jobs")
    first = mailbox.provider(folder="Jobs")
    refs = first.list_matching(keywords=KEYWORDS, cursor=None)
    cursor = first.next_cursor(cursor=None, published=refs, backlog=False)
    assert cursor is not None
    old_validity = mailbox.uidvalidity("Jobs")
    # the server renumbers: same mail, new UIDs 1 and 2, all at or below the cursor's last_uid
    mailbox.server.recreate_folder(mailbox.user, "Jobs")
    for n in range(2):
        mailbox.deliver(f"Java Developer {n}", f"v{n}@x.test", folder="Jobs")
    assert mailbox.uidvalidity("Jobs") != old_validity

    again = mailbox.provider(folder="Jobs")
    relisted = again.list_matching(keywords=KEYWORDS, cursor=cursor)

    assert ids(relisted) == ["v0@x.test", "v1@x.test"]
    new_cursor = again.next_cursor(cursor=cursor, published=relisted, backlog=False)
    assert new_cursor == {
        "folder": "Jobs",
        "uidvalidity": mailbox.uidvalidity("Jobs"),
        "last_uid": 2,
    }


def test_wrong_password_is_auth_revoked_without_the_password(mailbox: Mailbox) -> None:
    wrong = "Wrong-Secret-1234"
    provider = mailbox.provider(password=wrong)

    with pytest.raises(AuthRevoked) as caught:
        provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert str(caught.value).endswith(": authentication failed")
    assert wrong not in str(caught.value)
    assert caught.value.__cause__ is None


def test_password_stays_out_of_debug_logs(
    mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    mailbox.deliver("Java Developer", "log@x.test")
    provider = mailbox.provider()

    with caplog.at_level(logging.DEBUG):
        (ref,) = provider.list_matching(keywords=KEYWORDS, cursor=None)
        provider.fetch_raw(ref)

    assert "LOGIN" in caplog.text  # IMAPClient logs every command at DEBUG
    assert mailbox.password not in caplog.text


def test_connection_refused_is_transient(mailbox: Mailbox) -> None:
    (closed_port,) = free_ports(1)
    provider = mailbox.provider(port=closed_port)

    with pytest.raises(Transient) as caught:
        provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert mailbox.password not in str(caught.value)


def test_tls_is_the_default_and_verifies_the_certificate(mailbox: Mailbox) -> None:
    mailbox.deliver("Java Developer", "tls@x.test")
    server = mailbox.server
    default = ImapProvider(
        host=server.host,
        port=server.tls_port,
        username=mailbox.user,
        password=mailbox.password,
        policy=LOOPBACK_POLICY,
    )
    trusted = mailbox.provider(port=server.tls_port, ssl=True, ssl_context=server.tls_context())

    with pytest.raises(Transient, match="TLS failed$"):  # the test CA is unknown
        default.list_matching(keywords=KEYWORDS, cursor=None)
    assert ids(trusted.list_matching(keywords=KEYWORDS, cursor=None)) == ["tls@x.test"]
    with pytest.raises(Transient):  # a TLS handshake against the plain port
        mailbox.provider(ssl=True).list_matching(keywords=KEYWORDS, cursor=None)


def test_missing_folder_is_a_configuration_error(mailbox: Mailbox) -> None:
    with pytest.raises(ProviderConfigError):
        mailbox.provider(folder="No/Such").list_matching(keywords=KEYWORDS, cursor=None)
