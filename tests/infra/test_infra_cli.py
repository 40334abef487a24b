"""`reqstream infra env|status|down` against a recorded state; no servers needed."""

from pathlib import Path

from typer.testing import CliRunner

from services.cli.infra import app
from services.infra.stack import Infra, load_state, save_state

runner = CliRunner()


def record_env_infra(state_dir: Path) -> None:
    infra = Infra(
        kafka_bootstrap="127.0.0.1:1",  # port 1: nothing listens there
        database_url="postgresql+psycopg2://postgres@127.0.0.1:1/reqstream",
        kafka_kind="env",
        database_kind="env",
    )
    save_state(infra, state_dir)


def test_env_prints_exports(tmp_path: Path) -> None:
    record_env_infra(tmp_path)
    result = runner.invoke(app, ["env", "--state-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1\n" in result.stdout
    assert "export DATABASE_URL=postgresql+psycopg2://postgres@127.0.0.1:1/reqstream" in (
        result.stdout
    )


def test_status_fails_when_unreachable(tmp_path: Path) -> None:
    record_env_infra(tmp_path)
    result = runner.invoke(app, ["status", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "UNREACHABLE" in result.stdout


def test_env_without_state_fails(tmp_path: Path) -> None:
    result = runner.invoke(app, ["env", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1


def test_down_forgets_the_state(tmp_path: Path) -> None:
    record_env_infra(tmp_path)
    result = runner.invoke(app, ["down", "--state-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert load_state(tmp_path) is None
