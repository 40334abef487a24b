"""What a tenant is told when reqstream could not talk to their mail server.

Only these fixed phrases reach ``last_sync_error``, the sync run and the run page: never the
remote server's own bytes (a banner, an error line), which would turn an integration into a
banner reader inside the network. The remote detail goes to the operator's log only.
"""

from __future__ import annotations

from enum import StrEnum


class ConnectFailure(StrEnum):
    ADDRESS_NOT_ALLOWED = "address not allowed"
    HOST_NOT_FOUND = "host not found"
    REFUSED = "connection refused"
    UNREACHABLE = "network unreachable"
    TIMED_OUT = "timed out"
    TLS_FAILED = "TLS failed"
    AUTH_FAILED = "authentication failed"
    TLS_REQUIRED = "the server requires TLS"
    TEMPORARILY_UNAVAILABLE = "server temporarily unavailable"
    FOLDER_UNAVAILABLE = "folder not found or not readable"
    COMMAND_REJECTED = "command rejected by the server"
    PROTOCOL = "unexpected server response"
    CONNECTION_LOST = "connection lost"


def tenant_message(failure: ConnectFailure, *, host: str, port: int) -> str:
    """``IMAP mail.example.com:993: connection refused``: the tenant's own settings plus a
    fixed category; ``host`` was validated at the API (no control characters)."""
    return f"IMAP {host}:{port}: {failure}"


# failures a retry may mend; the others need the tenant (or the operator) to change something
TRANSIENT_FAILURES = frozenset(
    {
        ConnectFailure.HOST_NOT_FOUND,
        ConnectFailure.REFUSED,
        ConnectFailure.UNREACHABLE,
        ConnectFailure.TIMED_OUT,
        ConnectFailure.TLS_FAILED,
        ConnectFailure.TEMPORARILY_UNAVAILABLE,
        ConnectFailure.PROTOCOL,
        ConnectFailure.CONNECTION_LOST,
    }
)
