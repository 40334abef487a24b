"""The API's settings refuse placeholder secrets outside development and bad keys, without
printing them."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from pydantic import ValidationError

from services.api.settings import ApiSettings
from tests.services.api.connect_fixtures import KEY


def test_settings_refuse_placeholder_secrets_outside_development() -> None:
    common: dict[str, Any] = {
        "database_url": "postgresql://localhost/x",
        "token_encryption_keys": KEY.decode(),
        "google_client_secret": "changeme",
    }

    with pytest.raises(ValidationError, match="API_GOOGLE_CLIENT_SECRET is a placeholder"):
        ApiSettings(**common, environment="production")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ApiSettings(**common, environment="development")
    assert any("placeholder" in str(w.message) for w in caught)


def test_settings_refuse_bad_keys_without_printing_them() -> None:
    with pytest.raises(ValidationError) as caught:
        ApiSettings(
            database_url="postgresql://localhost/x",
            token_encryption_keys=f"{KEY.decode()},changeme",
        )

    assert "key #2 is not a Fernet key" in str(caught.value)
    assert KEY.decode() not in str(caught.value) and "changeme" not in str(caught.value)
