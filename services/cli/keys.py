"""reqstream keys generate|rotate: the Fernet keys that encrypt credentials at rest.

Rotation: prepend ``keys generate``'s output to TOKEN_ENCRYPTION_KEYS and deploy, run
``keys rotate``, then drop the old key and deploy again."""

import typer
from pydantic import ValidationError

from services.api.settings import CredentialSettings
from services.common.crypto import generate_key
from services.db.credentials import rotate_all
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import CredentialsUnreadable

app = typer.Typer(help="Credential encryption keys (TOKEN_ENCRYPTION_KEYS)", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Credential encryption keys."""


@app.command()
def generate() -> None:
    """Print a new Fernet key; prepend it to TOKEN_ENCRYPTION_KEYS to start a rotation."""
    typer.echo(generate_key())


@app.command()
def rotate(database_url: str | None = typer.Option(None, "--database-url")) -> None:
    """Re-encrypt every stored credential with the newest key of TOKEN_ENCRYPTION_KEYS."""
    try:
        if database_url:
            settings = CredentialSettings(database_url=database_url)
        else:
            settings = CredentialSettings()
    except ValidationError as exc:
        # hide_input_in_errors keeps key material out of this text
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(2) from None
    engine = build_engine(settings.database_url, pool_size=1)
    try:
        with transaction(build_sessionmaker(engine)) as session:
            count = rotate_all(session, cipher=settings.credential_cipher())
    except CredentialsUnreadable as exc:
        typer.echo(f"rotation aborted, nothing changed: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(f"re-encrypted {count} integration credentials with the newest key")
