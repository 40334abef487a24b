"""Graph change-notification rules: handshake token, clientState check, delivery parsing."""

from __future__ import annotations

import json

import pytest

from services.domain.graph_push import (
    GraphNotification,
    client_state_matches,
    parse_graph_delivery,
    validation_token,
)


@pytest.mark.parametrize(
    ("value", "echoed"),
    [
        (
            "Validation: Testing client application reachability for subscription Request-Id: "
            "3b3f9821-ce3f-23d9-879b-00a23f3 1",
            True,
        ),
        (None, False),
        ("", False),
        ("<script>\n</script>", False),
        ("x" * 1025, False),
    ],
)
def test_only_a_bounded_printable_validation_token_is_echoed(
    value: str | None, echoed: bool
) -> None:
    assert validation_token(value) == (value if echoed else None)


def test_client_state_must_equal_the_stored_secret() -> None:
    assert client_state_matches("s3cret-state", "s3cret-state")
    assert not client_state_matches("s3cret-statf", "s3cret-state")
    assert not client_state_matches("", None)
    assert not client_state_matches("", "")


def test_delivery_keeps_created_messages_and_lifecycle_events_only() -> None:
    body = json.dumps(
        {
            "value": [
                {
                    "subscriptionId": "sub-1",
                    "clientState": "a",
                    "changeType": "created",
                    "resource": "Users/x/Messages/y",
                },
                {"subscriptionId": "sub-1", "clientState": "a", "changeType": "updated"},
                {
                    "subscriptionId": "sub-2",
                    "clientState": "b",
                    "lifecycleEvent": "reauthorizationRequired",
                },
                {"subscriptionId": "", "clientState": "a", "changeType": "created"},
                {"subscriptionId": "sub-3", "changeType": "created"},
                "junk",
            ]
        }
    ).encode()

    assert parse_graph_delivery(body) == [
        GraphNotification("sub-1", "a", "created", None),
        GraphNotification("sub-2", "b", None, "reauthorizationRequired"),
    ]


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[]", b'{"value": {}}', b'{"value": []' + b" " * 70000 + b"}"]
)
def test_anything_else_is_not_a_delivery(body: bytes) -> None:
    assert parse_graph_delivery(body) is None
