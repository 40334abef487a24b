"""Pub/Sub push deliveries as Google sends them, signed by a local key.

``LocalPushSigner`` holds an RSA key and a self-signed certificate for it, serves the
certificate where google-auth fetches Google's (``{key id: x509 PEM}``, the format of
``https://www.googleapis.com/oauth2/v1/certs``) on a pytest-httpserver, and signs OIDC id tokens
with Google's claims (iss, aud, email, email_verified, iat, exp). ``push_body`` is the JSON
body of a push delivery whose ``message.data`` is a Gmail notification.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt
from pytest_httpserver import HTTPServer

CERTS_PATH = "/oauth2/v1/certs"
PUSH_SERVICE_ACCOUNT = "gmail-push@reqstream-test.iam.gserviceaccount.com"
PUSH_AUDIENCE = "https://api.reqstream.example.test/push/gmail"
SUBSCRIPTION = "projects/reqstream-test/subscriptions/gmail-push"


class LocalPushSigner:
    def __init__(self, server: HTTPServer | None = None) -> None:
        self.key_id = secrets.token_hex(8)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "reqstream-test-signer")])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1))
            .sign(key, hashes.SHA256())
        )
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
        private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._signer = crypt.RSASigner.from_string(  # type: ignore[no-untyped-call]
            private_pem, key_id=self.key_id
        )
        self.certs_url = ""
        if server is not None:
            server.expect_request(CERTS_PATH).respond_with_json({self.key_id: self.cert_pem})
            self.certs_url = server.url_for(CERTS_PATH)

    def token(self, **claims: Any) -> str:
        """A push token of the test subscription; ``claims`` override or (None) drop claims."""
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": "https://accounts.google.com",
            "aud": PUSH_AUDIENCE,
            "azp": "1234567890",
            "sub": "1234567890",
            "email": PUSH_SERVICE_ACCOUNT,
            "email_verified": True,
            "iat": now,
            "exp": now + 3600,
        }
        payload.update(claims)
        payload = {k: v for k, v in payload.items() if v is not None}
        signed: bytes = jwt.encode(self._signer, payload)  # type: ignore[no-untyped-call]
        return signed.decode()


def push_body(email: str, history_id: int, *, message_id: str | None = None) -> bytes:
    data = json.dumps({"emailAddress": email, "historyId": history_id}).encode()
    return json.dumps(
        {
            "message": {
                "data": base64.b64encode(data).decode(),
                "messageId": message_id or str(secrets.randbelow(10**15)),
                "publishTime": datetime.now(UTC).isoformat(),
                "attributes": {},
            },
            "subscription": SUBSCRIPTION,
        }
    ).encode()


@contextmanager
def running_certs_server() -> Iterator[HTTPServer]:
    """A plain-HTTP server for ``LocalPushSigner`` to publish its certificate on."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()
