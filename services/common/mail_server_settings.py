"""The deployment's rules for tenant-supplied mail servers, shared by the API (which refuses a
bad integration) and the fetcher (which checks again at connect time). No service prefix: one
deployment has one policy, whichever process reads it."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode

from services.domain.network import AllowList, MailServerPolicy, parse_ports


class MailServerSettings(BaseSettings):
    # on-premise servers an operator vouches for: host names and addresses or CIDR ranges,
    # comma-separated (IMAP_ALLOWED_HOSTS=mail.corp.example,10.20.0.0/16); private, loopback
    # and link-local addresses are refused unless listed here
    imap_allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), validation_alias=AliasChoices("IMAP_ALLOWED_HOSTS", "imap_allowed_hosts")
    )
    # IMAP_ALLOWED_PORTS=143,993 (the default); ranges as 10000-10100
    imap_allowed_ports: Annotated[tuple[str, ...], NoDecode] = Field(
        default=("143", "993"),
        validation_alias=AliasChoices("IMAP_ALLOWED_PORTS", "imap_allowed_ports"),
    )
    # plain IMAP sends passwords in clear; only for deployments whose network is trusted
    imap_allow_plaintext: bool = Field(
        default=False,
        validation_alias=AliasChoices("IMAP_ALLOW_PLAINTEXT", "imap_allow_plaintext"),
    )

    @field_validator("imap_allowed_hosts", "imap_allowed_ports", mode="before")
    @classmethod
    def _imap_comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("imap_allowed_hosts")
    @classmethod
    def _hosts_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        AllowList.parse(value)  # a typo fails at start-up, not at the first sync
        return value

    @field_validator("imap_allowed_ports")
    @classmethod
    def _ports_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        parse_ports(value)
        return value

    def mail_server_policy(self) -> MailServerPolicy:
        return MailServerPolicy(
            allow_list=AllowList.parse(self.imap_allowed_hosts),
            ports=parse_ports(self.imap_allowed_ports),
            allow_plaintext=self.imap_allow_plaintext,
        )
