"""reqstream db upgrade|check: Alembic migrations from the command line."""

import typer

from services.cli.settings import CliSettings
from services.db import migrate

app = typer.Typer(help="Database schema migrations")


def _url(database_url: str | None) -> str:
    url = database_url or CliSettings().DATABASE_URL
    if not url:
        typer.echo("no database: pass --database-url or set DATABASE_URL", err=True)
        raise typer.Exit(2)
    return url


@app.command()
def upgrade(
    revision: str = typer.Argument("head"),
    database_url: str | None = typer.Option(None, "--database-url"),
) -> None:
    """Migrate the schema up to REVISION (default: head)."""
    migrate.upgrade(_url(database_url), revision)
    typer.echo(f"database at {revision}")


@app.command()
def check(database_url: str | None = typer.Option(None, "--database-url")) -> None:
    """Fail if the models and the migrated schema differ."""
    migrate.check(_url(database_url))
    typer.echo("schema matches the models")
