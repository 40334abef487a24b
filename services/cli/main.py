"""The ``reqstream`` command line."""

import typer

from services.cli import apikeys, bench, db, demo, dlq, infra, keys, parse, replay
from services.cli.chaos import chaos_command
from services.cli.eval import eval_command

app = typer.Typer(
    help="reqstream: job requirements from recruiters' mailboxes", no_args_is_help=True
)
app.add_typer(infra.app, name="infra")
app.add_typer(db.app, name="db")
app.add_typer(keys.app, name="keys")
app.add_typer(apikeys.app, name="apikeys")
app.command("parse")(parse.parse_command)
app.command("eval")(eval_command)
app.command("chaos")(chaos_command)
app.command("replay")(replay.replay_command)
app.add_typer(dlq.app, name="dlq")
app.add_typer(bench.app, name="bench")
app.command("demo")(demo.demo_command)
app.command("up")(demo.up_command)


if __name__ == "__main__":
    app()
