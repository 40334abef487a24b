"""What the deployment knows about its OAuth apps' refresh-token lapses, shared by the API
(token health in GET /integrations and on the run page) and the scheduler (metrics, reconnect
warnings). No service prefix: one deployment has one Google app, whichever process reads it."""

from __future__ import annotations

from datetime import timedelta

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings

from services.domain.token_health import WARN_BEFORE, TokenLapsePolicy


class TokenLapseSettings(BaseSettings):
    # the Google OAuth consent screen is in Testing: its refresh tokens lapse 7 days after consent
    google_oauth_testing: bool = Field(
        default=False,
        validation_alias=AliasChoices("GOOGLE_OAUTH_TESTING", "google_oauth_testing"),
    )
    # days before a known lapse that its user is warned to reconnect (token health "expiring")
    token_warning_days: float = Field(
        default=WARN_BEFORE.days,
        gt=0,
        validation_alias=AliasChoices("TOKEN_WARNING_DAYS", "token_warning_days"),
    )

    def token_lapse_policy(self) -> TokenLapsePolicy:
        return TokenLapsePolicy(
            google_testing=self.google_oauth_testing,
            warn_before=timedelta(days=self.token_warning_days),
        )
