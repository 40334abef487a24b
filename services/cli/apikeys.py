"""reqstream apikeys create|list|revoke: API keys for the integrations API (the raw key is shown
once; a revoked key, and every browser session it signed in, stops working at once)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import typer
from sqlalchemy.orm import Session

from services.cli.settings import CliSettings
from services.db.api_keys import create_api_key, list_api_keys, revoke_api_key
from services.db.models import ApiKey, Tenant
from services.db.session import build_engine, build_sessionmaker, transaction

app = typer.Typer(help="API keys for the integrations API", no_args_is_help=True)
DatabaseUrl = typer.Option(None, "--database-url")


@app.callback()
def main() -> None:
    """API keys for the integrations API."""


@contextmanager
def _session(database_url: str | None) -> Iterator[Session]:
    url = database_url or CliSettings().DATABASE_URL
    if not url:
        typer.echo("no database: pass --database-url or set DATABASE_URL", err=True)
        raise typer.Exit(2)
    engine = build_engine(url, pool_size=1)
    try:
        with transaction(build_sessionmaker(engine)) as session:
            yield session
    finally:
        engine.dispose()


@app.command()
def create(
    tenant_id: int = typer.Option(..., "--tenant-id"),
    name: str = typer.Option(..., "--name", help="what the key is for, e.g. 'portal backend'"),
    expires_in_days: int | None = typer.Option(
        None, "--expires-in-days", min=1, help="the key stops working after this; default never"
    ),
    database_url: str | None = DatabaseUrl,
) -> None:
    """Create a key for a tenant and print it; only its hash is stored, so keep it now."""
    expires_at = datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None
    with _session(database_url) as session:
        if session.get(Tenant, tenant_id) is None:
            typer.echo(f"no tenant {tenant_id}", err=True)
            raise typer.Exit(1)
        raw_key, row = create_api_key(
            session, tenant_id=tenant_id, name=name, expires_at=expires_at
        )
        key_id, prefix = row.id, row.key_prefix
    typer.echo(f"API key {key_id} ({prefix}…) for tenant {tenant_id}; shown once:", err=True)
    typer.echo(raw_key)


@app.command("list")
def list_command(
    tenant_id: int | None = typer.Option(None, "--tenant-id", help="default: every tenant's"),
    database_url: str | None = DatabaseUrl,
) -> None:
    """List keys (id, tenant, prefix, name, created, expires, revoked); never the keys."""
    with _session(database_url) as session:
        lines = [_describe(row) for row in list_api_keys(session, tenant_id=tenant_id)]
    typer.echo("id\ttenant\tprefix\tname\tcreated\texpires\trevoked")
    for line in lines:
        typer.echo(line)


@app.command()
def revoke(
    key_id: int = typer.Argument(..., help="the key's id, from `apikeys list`"),
    database_url: str | None = DatabaseUrl,
) -> None:
    """Revoke a key: requests with it, and the page sessions it signed in, fail from now on."""
    with _session(database_url) as session:
        row = revoke_api_key(session, key_id=key_id, now=datetime.now(UTC))
        if row is None:
            typer.echo(f"no API key {key_id}", err=True)
            raise typer.Exit(1)
        line = _describe(row)
    typer.echo(line)


def _describe(row: ApiKey) -> str:
    def when(value: datetime | None) -> str:
        return value.astimezone(UTC).isoformat(timespec="seconds") if value else "-"

    return "\t".join(
        [
            str(row.id),
            str(row.tenant_id),
            f"{row.key_prefix}…",
            row.name,
            when(row.created_at),
            when(row.expires_at),
            when(row.revoked_at),
        ]
    )
