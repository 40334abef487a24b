"""A throwaway Dovecot IMAP server for provider tests (mail-providers.md §3.2).

``dovecot`` (session scope) runs ``dovecot -F`` with its own base_dir, users file and Maildir
root in a temporary directory, listening on 127.0.0.1 only: a plain port and an implicit-TLS
port whose certificate comes from a throwaway trustme CA. A system Dovecot does not conflict.
Tests seed mail through IMAP APPEND, as the user, which also sets INTERNALDATE.
"""

from __future__ import annotations

import grp
import math
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from string import Template
from typing import Any

import trustme
from imapclient import IMAPClient

from services.infra.process import POLL_INTERVAL, free_ports, spawn

START_TIMEOUT = 15.0  # seconds; Dovecot greets after ~0.1 s
POOL_SIZE = 40  # users written before start, so new_user() never waits for a passwd-file re-read
STOP_TIMEOUT = 10.0  # seconds; SIGTERM takes ~1 s
INSTALL_HINT = "Dovecot is not installed: apt-get install dovecot-imapd"


class DovecotUnavailable(RuntimeError):
    """Dovecot is missing, too old or did not start (the test fixture fails the test)."""


_COMMON = """\
protocols = imap
listen = 127.0.0.1
base_dir = $root/run
state_dir = $root/state
instance_name = test-dovecot-$port
log_path = /dev/stderr
info_log_path = /dev/stderr
ssl = yes
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = $login_user
default_internal_user = $internal_user
default_internal_group = $internal_group
first_valid_uid = 1
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
"""
# `chroot =` and our own users keep non-root runs working; as root, mail must not be owned by uid 0.
# The anvil listener with mode 0 turns off the auth penalty: after one wrong password, every login
# from 127.0.0.1 would otherwise wait 2-15 s (auth_failure_delay does not cover it).
CONFIG_2_3 = Template(
    _COMMON
    + """\
ssl_cert = <$root/tls/cert.pem
ssl_key = <$root/tls/key.pem
disable_plaintext_auth = no
mail_location = maildir:$root/mail/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $root/users
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$root/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
    ssl = yes
  }
}
"""
)
# https://doc.dovecot.org/2.4.0/installation/upgrade/2.3-to-2.4.html
CONFIG_2_4 = Template(
    "dovecot_config_version = 2.4.0\ndovecot_storage_version = 2.4.0\n"
    + _COMMON
    + """\
ssl_server_cert_file = $root/tls/cert.pem
ssl_server_key_file = $root/tls/key.pem
auth_allow_cleartext = yes
mail_driver = maildir
mail_path = $root/mail/%{user}/Maildir
mail_home = $root/mail/%{user}
mail_uid = $mail_uid
mail_gid = $mail_gid
passdb passwd-file {
  passwd_file_path = $root/users
  default_password_scheme = PLAIN
}
userdb static {
}
service imap-login {
  chroot =
  inet_listener imap {
    listen = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    listen = 127.0.0.1
    port = $tls_port
    ssl = yes
  }
}
"""
)


def make_message(
    *,
    subject: str,
    message_id: str | None,
    date: datetime | None = None,
    body: str = "Role: Sr Java Developer\nLocation: Dallas, TX\n",
) -> bytes:
    """A simple RFC 822 message with CRLF line ends (what IMAP returns byte for byte).

    Non-ASCII subjects are RFC 2047-encoded; ``message_id=None`` leaves the header out.
    """
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Vendor <vendor@example.test>"
    msg["To"] = "recruiter@example.test"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    if message_id is not None:
        msg["Message-ID"] = f"<{message_id}>"
    msg.set_content(body)
    return msg.as_bytes()


def requirement_email(subject: str, *, sent: datetime) -> bytes:
    """A vendor's job requirement for the role ``subject``: an email the parser makes a job of."""
    return make_message(
        subject=subject,
        message_id=f"req-{uuid.uuid4().hex}@vendor.example.com",
        date=sent,
        body=(
            "Hi,\n\nPlease find the requirement below and share suitable profiles.\n\n"
            f"Role: {subject}\nLocation: Dallas, TX\nDuration: 6 months\n"
            "Rate: $60/hr C2C\nVisa: USC/GC\n\nJob Description:\n"
            "- 8+ years of Java, Spring Boot and AWS\n\nThanks,\nVendor Recruiter\n"
        ),
    )


@dataclass
class DovecotServer:
    host: str
    port: int  # plain IMAP
    tls_port: int  # implicit TLS, certificate for 127.0.0.1 from ``ca``
    version: str
    root: Path
    ca: trustme.CA
    start_seconds: float = 0.0
    running: bool = False
    _passwords: dict[str, str] = field(default_factory=dict)
    _pool: list[tuple[str, str]] = field(default_factory=list)

    def add_user(self, name: str, password: str) -> None:
        if any(c in name + password for c in ":\r\n"):
            raise ValueError("user names and passwords may not contain ':' or line breaks")
        with (self.root / "users").open("a") as fh:
            fh.write(f"{name}:{{PLAIN}}{password}::::::\n")
        written = time.time()
        self._passwords[name] = password
        if self.running:
            # Dovecot re-stats passwd-file on a lookup at most once per clock second: a lookup in
            # a later second than this write sees the new line. Waiting is for the clock itself.
            time.sleep(math.floor(written) + 1.01 - time.time())

    def new_user(self) -> tuple[str, str]:
        """A fresh user (an empty mailbox) with a random password: one per test."""
        return self._pool.pop() if self._pool else self._random_user()

    def fill_pool(self, size: int) -> None:
        self._pool.extend(self._random_user() for _ in range(size))

    def _random_user(self) -> tuple[str, str]:
        user = (f"u{uuid.uuid4().hex[:12]}@example.test", f"pw-{uuid.uuid4().hex}")
        self.add_user(*user)
        return user

    def tls_context(self) -> ssl.SSLContext:
        """A client context trusting this server's CA."""
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    @contextmanager
    def session(self, user: str) -> Iterator[Any]:
        """A logged-in IMAPClient on the plain port, for seeding and assertions."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        try:
            client.login(user, self._passwords[user])
            yield client
        finally:
            client.logout()

    def append(self, user: str, raw: bytes, when: datetime, folder: str = "INBOX") -> int:
        """APPEND ``raw`` as ``user`` with INTERNALDATE ``when``; returns the new UID."""
        with self.session(user) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            response = client.append(folder, raw, flags=(), msg_time=when)
        match = re.search(rb"APPENDUID \d+ (\d+)", response)  # UIDPLUS (RFC 4315)
        assert match, response
        return int(match.group(1))

    def recreate_folder(self, user: str, folder: str) -> None:
        """Delete and re-create ``folder``: its UIDVALIDITY changes and its mail is gone."""
        with self.session(user) as client:
            if client.folder_exists(folder):
                client.delete_folder(folder)
            client.create_folder(folder)


def _dovecot_binary() -> str:
    # /usr/sbin is not on a normal user's PATH on Debian
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise DovecotUnavailable(INSTALL_HINT)
    return found


def _version(binary: str) -> tuple[str, Template]:
    text = subprocess.run(
        [binary, "--version"], check=True, capture_output=True, text=True
    ).stdout.strip()
    match = re.match(r"(\d+)\.(\d+)", text)
    if match is None or (int(match.group(1)), int(match.group(2))) < (2, 3):
        raise DovecotUnavailable(f"unsupported Dovecot version {text!r} (need 2.3 or 2.4)")
    major_minor = (int(match.group(1)), int(match.group(2)))
    return text, CONFIG_2_4 if major_minor >= (2, 4) else CONFIG_2_3


def _accounts() -> dict[str, str | int]:
    if os.geteuid() == 0:
        # as root Dovecot drops privileges, and refuses uid 0 for mail
        nobody = pwd.getpwnam("nobody")
        return {
            "login_user": "dovenull",
            "internal_user": "dovecot",
            "internal_group": "dovecot",
            "mail_uid": nobody.pw_uid,
            "mail_gid": nobody.pw_gid,
        }
    me = pwd.getpwuid(os.getuid()).pw_name
    return {
        "login_user": me,
        "internal_user": me,
        "internal_group": grp.getgrgid(os.getgid()).gr_name,
        "mail_uid": os.getuid(),
        "mail_gid": os.getgid(),
    }


def _greets(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            return sock.recv(64).startswith(b"* OK")
    except OSError:
        return False


def _log_tail(root: Path) -> str:
    log = root / "dovecot.log"
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the master and its children
        process.wait(STOP_TIMEOUT)


def start_dovecot(root: Path) -> tuple[DovecotServer, subprocess.Popen[bytes]]:
    binary = _dovecot_binary()
    version, template = _version(binary)
    accounts = _accounts()
    port, tls_port = free_ports(2)
    root.chmod(0o755)  # the login, auth and mail processes run as other users
    (root / "tls").mkdir()
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.cert_chain_pems[0].write_to_path(str(root / "tls" / "cert.pem"))
    cert.private_key_pem.write_to_path(str(root / "tls" / "key.pem"))
    (root / "users").touch(mode=0o644)
    (root / "mail").mkdir()
    os.chown(root / "mail", int(accounts["mail_uid"]), int(accounts["mail_gid"]))
    conf = root / "dovecot.conf"
    conf.write_text(template.substitute(accounts, root=root, port=port, tls_port=tls_port))
    server = DovecotServer(
        host="127.0.0.1", port=port, tls_port=tls_port, version=version, root=root, ca=ca
    )
    server.fill_pool(POOL_SIZE)
    started = time.monotonic()
    process = spawn(
        [binary, "-F", "-c", str(conf)], log_path=root / "dovecot.log", cwd=root, pdeathsig=True
    )
    while not _greets(port):
        if process.poll() is not None or time.monotonic() - started > START_TIMEOUT:
            if process.poll() is None:
                _stop(process)
            raise DovecotUnavailable(f"Dovecot {version} did not start:\n{_log_tail(root)}")
        time.sleep(POLL_INTERVAL)
    server.start_seconds = time.monotonic() - started
    server.running = True
    return server, process


@contextmanager
def running_dovecot(root: Path) -> Iterator[DovecotServer]:
    """A Dovecot in ``root`` (an empty directory) until the block ends."""
    server, process = start_dovecot(root)
    try:
        yield server
    finally:
        _stop(process)
