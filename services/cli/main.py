"""The ``reqstream`` command line."""

import typer

from services.cli import infra, parse

app = typer.Typer(
    help="reqstream: job requirements from recruiters' mailboxes", no_args_is_help=True
)
app.add_typer(infra.app, name="infra")
app.command("parse")(parse.parse_command)


if __name__ == "__main__":
    app()
