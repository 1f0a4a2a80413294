import os
from pathlib import Path

import pytest

from bot.config import DEFAULT_BASE_URL, ConfigError, Settings, read_env_file
from knowledge import DEFAULT_ENCODER


def test_defaults_without_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({}, env_file=tmp_path / "missing.env")
    assert settings.telegram_bot_token is None
    assert settings.telegram_base_url == DEFAULT_BASE_URL
    assert settings.database_url.startswith("sqlite:///")


def test_env_file_fills_gaps_and_environment_wins(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text('# comment\nTELEGRAM_BOT_TOKEN="123:from-file"\nADMIN_USER_IDS=1, 2\nLOG_LEVEL=debug\n')
    settings = Settings.from_env({"LOG_LEVEL": "warning"}, env_file=env)
    assert settings.telegram_bot_token == "123:from-file"
    assert settings.admin_user_ids == frozenset({1, 2})
    assert settings.log_level == "WARNING"


def test_env_file_follows_dotenv_syntax(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "export TELEGRAM_BOT_TOKEN='123:single'\n"
        "FEEDS=https://a.example/rss # the news\n"
        "DATABASE_URL=sqlite:///${HOME}/bot.db\n"
        "ADMIN_USER_IDS\n"  # a key without "=": skipped, not an empty value
        "\n"
        '  LOG_LEVEL = "error"  \n'
    )
    assert read_env_file(env) == {
        "TELEGRAM_BOT_TOKEN": "123:single",
        "FEEDS": "https://a.example/rss",
        "DATABASE_URL": "sqlite:///${HOME}/bot.db",  # kept as written, not expanded
        "LOG_LEVEL": "error",
    }
    settings = Settings.from_env({}, env_file=env)
    assert (settings.telegram_bot_token, settings.feeds) == ("123:single", ("https://a.example/rss",))
    assert settings.log_level == "ERROR"


def test_the_environment_wins_and_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("DATABASE_URL=sqlite:///file.db\nFEEDS=https://file.example/rss\n")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///environment.db")
    monkeypatch.delenv("FEEDS", raising=False)
    settings = Settings.from_env(env_file=env)  # os.environ
    assert settings.database_url == "sqlite:///environment.db"
    assert settings.feeds == ("https://file.example/rss",)
    assert "FEEDS" not in os.environ  # the file is read, not loaded into the environment


def test_a_missing_env_file_is_no_error(tmp_path: Path) -> None:
    assert read_env_file(tmp_path / "missing.env") == {}
    assert read_env_file(tmp_path) == {}  # a folder named .env: nothing to read


def test_repr_masks_the_token() -> None:
    settings = Settings(telegram_bot_token="123456:SECRET")
    assert "SECRET" not in repr(settings) and "SECRET" not in str(settings)


@pytest.mark.parametrize(("key", "value"), [("ADMIN_USER_IDS", "alice"), ("LOG_LEVEL", "loud")])
def test_malformed_values_fail_with_a_clear_message(tmp_path: Path, key: str, value: str) -> None:
    with pytest.raises(ConfigError, match=key):
        Settings.from_env({key: value}, env_file=None)


def test_webhook_settings_are_validated_and_the_secret_masked() -> None:
    settings = Settings.from_env(
        {"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "abc_DEF-1", "WEBHOOK_PORT": "88"},
        env_file=None,
    )
    assert (settings.webhook_port, settings.webhook_secret) == (88, "abc_DEF-1")
    assert "abc_DEF-1" not in repr(settings)
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        Settings.from_env({"WEBHOOK_SECRET": "has spaces"}, env_file=None)
    with pytest.raises(ConfigError, match="WEBHOOK_PORT"):
        Settings.from_env({"WEBHOOK_PORT": "http"}, env_file=None)


def test_the_sentence_encoder_is_chosen_by_embedding_model(tmp_path: Path) -> None:
    assert Settings.from_env({}, env_file=tmp_path / "none").embedding_model == DEFAULT_ENCODER
    chosen = Settings.from_env({"EMBEDDING_MODEL": "none"}, env_file=tmp_path / "none")
    assert chosen.embedding_model == "none"
    assert "embedding_model='none'" in repr(chosen)

def test_metrics_port_is_optional_and_checked(tmp_path: Path) -> None:
    assert Settings.from_env({}, env_file=tmp_path / "none").metrics_port is None
    assert Settings.from_env({"METRICS_PORT": "9100"}, env_file=tmp_path / "none").metrics_port == 9100
    with pytest.raises(ConfigError):
        Settings.from_env({"METRICS_PORT": "ninety"}, env_file=tmp_path / "none")
    with pytest.raises(ConfigError):
        Settings.from_env({"LOG_FORMAT": "xml"}, env_file=tmp_path / "none")
