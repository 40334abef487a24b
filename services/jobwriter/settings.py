"""Jobwriter configuration: the only place that reads its environment (prefix JOBWRITER_)."""

from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings
from services.domain.requirements import DEFAULT_WINDOW_DAYS


class JobwriterSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="JOBWRITER_", frozen=True, extra="ignore")

    group_id: str = "jobwriter"
    client_id: str = "jobwriter"
    confidence_threshold: float = 0.7
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "reqstream@localhost"
    # "none", "starttls" (upgrade on the plain port) or "ssl" (implicit TLS, usually port 465)
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    # a CA bundle to trust besides the system's, for a relay with a private CA
    smtp_ca_file: str | None = None
    outbox_interval: float = 5.0  # seconds between sweeps for queued or retried user emails
    # two sightings further apart than this (by received time) are two requirements
    requirement_window_days: int = Field(default=DEFAULT_WINDOW_DAYS, ge=1, le=365)

    @model_validator(mode="after")
    def _login_needs_both(self) -> Self:
        # half a login would silently send unauthenticated, and the relay refuse every email
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError(
                "set both JOBWRITER_SMTP_USERNAME and JOBWRITER_SMTP_PASSWORD, or neither"
            )
        return self
