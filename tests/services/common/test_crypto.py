"""CredentialCipher: round trip, rotation, unreadable tokens, key-list parsing."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from services.common.crypto import CredentialCipher, generate_key, parse_keys
from services.domain.errors import CredentialsUnreadable

SECRET = {"refresh_token": "1//refresh-secret", "scopes": ["gmail.readonly"], "n": 3}


def test_round_trip_keeps_the_dict_and_hides_the_plaintext() -> None:
    cipher = CredentialCipher([Fernet.generate_key()])

    token = cipher.encrypt(SECRET)

    assert cipher.decrypt(token) == SECRET
    assert "refresh-secret" not in token
    assert token.isascii()
    assert cipher.encrypt(SECRET) != token  # Fernet output is randomised


def test_rotation_moves_tokens_to_the_newest_key() -> None:
    old_key, new_key = Fernet.generate_key(), Fernet.generate_key()
    token = CredentialCipher([old_key]).encrypt(SECRET)
    both = CredentialCipher([new_key, old_key])
    assert both.decrypt(token) == SECRET  # prepending a key keeps old rows readable

    rotated = both.rotate(token)

    assert CredentialCipher([new_key]).decrypt(rotated) == SECRET
    with pytest.raises(CredentialsUnreadable):
        CredentialCipher([old_key]).decrypt(rotated)


def test_new_tokens_use_the_first_key() -> None:
    old_key, new_key = Fernet.generate_key(), Fernet.generate_key()

    token = CredentialCipher([new_key, old_key]).encrypt(SECRET)

    assert CredentialCipher([new_key]).decrypt(token) == SECRET
    with pytest.raises(CredentialsUnreadable):
        CredentialCipher([old_key]).decrypt(token)


def test_wrong_key_tampering_and_garbage_are_unreadable() -> None:
    token = CredentialCipher([Fernet.generate_key()]).encrypt(SECRET)
    other = CredentialCipher([Fernet.generate_key()])

    for bad in (token, token[:-4] + "AAAA", "not a token", "ünïcode"):
        with pytest.raises(CredentialsUnreadable) as caught:
            other.decrypt(bad)
        assert "refresh-secret" not in str(caught.value)
    with pytest.raises(CredentialsUnreadable):
        other.rotate(token)


def test_a_non_object_payload_is_unreadable() -> None:
    key = Fernet.generate_key()
    token = Fernet(key).encrypt(b"[1, 2]").decode()

    with pytest.raises(CredentialsUnreadable):
        CredentialCipher([key]).decrypt(token)


def test_parse_keys_keeps_order_and_trims() -> None:
    first, second = generate_key(), generate_key()

    assert parse_keys(f" {first} , {second}") == [first.encode(), second.encode()]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("KEY,", "key #1 is not a Fernet key"),
        ("{k},", "key #2 is empty"),
        ("{k},changeme", "key #2 is not a Fernet key"),
        ("{k},{k}", "key #2 repeats"),
        ("{k},ÿÿÿ", "key #2 is not a Fernet key"),
    ],
)
def test_parse_keys_refuses_bad_lists_without_echoing_them(value: str, message: str) -> None:
    key = generate_key()

    with pytest.raises(ValueError, match=message) as caught:
        parse_keys(value.format(k=key))

    assert key not in str(caught.value)
    assert "changeme" not in str(caught.value)


def test_the_cipher_needs_a_key_and_hides_keys_in_its_repr() -> None:
    key = Fernet.generate_key()

    with pytest.raises(ValueError):
        CredentialCipher([])
    assert key.decode() not in repr(CredentialCipher([key]))
    assert (
        CredentialCipher.from_setting(key.decode()).decrypt(CredentialCipher([key]).encrypt(SECRET))
        == SECRET
    )
