"""reqstream apikeys create: API keys for the integrations API (the raw key is shown once)."""

import typer

from services.cli.settings import CliSettings
from services.db.api_keys import create_api_key
from services.db.models import Tenant
from services.db.session import build_engine, build_sessionmaker, transaction

app = typer.Typer(help="API keys for the integrations API", no_args_is_help=True)


@app.callback()
def main() -> None:
    """API keys for the integrations API."""


@app.command()
def create(
    tenant_id: int = typer.Option(..., "--tenant-id"),
    name: str = typer.Option(..., "--name", help="what the key is for, e.g. 'portal backend'"),
    database_url: str | None = typer.Option(None, "--database-url"),
) -> None:
    """Create a key for a tenant and print it; only its hash is stored, so keep it now."""
    url = database_url or CliSettings().DATABASE_URL
    if not url:
        typer.echo("no database: pass --database-url or set DATABASE_URL", err=True)
        raise typer.Exit(2)
    engine = build_engine(url, pool_size=1)
    try:
        with transaction(build_sessionmaker(engine)) as session:
            if session.get(Tenant, tenant_id) is None:
                typer.echo(f"no tenant {tenant_id}", err=True)
                raise typer.Exit(1)
            raw_key, row = create_api_key(session, tenant_id=tenant_id, name=name)
            key_id, prefix = row.id, row.key_prefix
    finally:
        engine.dispose()
    typer.echo(f"API key {key_id} ({prefix}…) for tenant {tenant_id}; shown once:", err=True)
    typer.echo(raw_key)
