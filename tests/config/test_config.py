"""Configuration: defaults, validation messages, the documented example, and where files live."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from monitor.config import SCHEMA, load_settings, parse_duration, parse_size, resolve_home
from monitor.errors import ConfigError

EXAMPLE = Path(__file__).parents[2] / "config" / "monitor.example.toml"


def test_the_example_documents_every_setting_and_is_valid(tmp_path: Path) -> None:
    data = tomllib.loads(EXAMPLE.read_text())
    for section, keys in SCHEMA.items():
        assert set(data[section]) == set(keys), section
    (tmp_path / "monitor.toml").write_text(EXAMPLE.read_text())
    settings = load_settings(tmp_path)
    assert settings["monitor"]["interval"] == 6 * 3600
    assert settings["fetch"]["max_bytes"] == 5 * 1024 * 1024


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings["fetch"]["per_host"] == 2 and settings.database_path == tmp_path / "monitor.db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fetch]\nper_host = 0\n", "fetch.per_host = 0: expected a whole number ≥ 1"),
        ("[monitor]\ninterval = 'often'\n", "monitor.interval = 'often': expected a duration"),
        ("[nope]\n", "unknown section [nope]"),
        ("[fetch]\nperhost = 2\n", "unknown key fetch.perhost"),
        ("[notify]\nurls = 'mailto://x'\n", "notify.urls = 'mailto://x': expected a list of Apprise URLs"),
        ("[[notify.channel]]\ntags = ['a']\n", "notify.channel[0].url is required"),
        (
            "[daemon]\nlog_level = 'loud'\n",
            "daemon.log_level = 'loud': expected debug, info, warning or error",
        ),
        ("x = [\n", "not valid TOML"),
    ],
)
def test_bad_settings_name_file_key_and_expectation(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "monitor.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(str(tmp_path / "monitor.toml"))
    assert message in str(info.value)


def test_channels_and_urls_are_merged(tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text(
        "[notify]\nurls = ['json://127.0.0.1:9/x']\n[[notify.channel]]\nurl = 'mailto://h'\ntags = ['comp']\n"
    )
    channels = load_settings(tmp_path).channels
    assert [(c.url, c.tags) for c in channels] == [("mailto://h", ["comp"]), ("json://127.0.0.1:9/x", [])]


def test_units() -> None:
    assert parse_duration("6h") == 21600 and parse_duration(90) == 90 and parse_duration("1.5m") == 90
    assert parse_size("5MiB") == 5 * 1024 * 1024 and parse_size("500KB") == 500_000
    for bad in ("-1", "6 parsecs", True):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_home_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTING_MONITOR_HOME", str(tmp_path / "env"))
    assert resolve_home(str(tmp_path / "flag")) == tmp_path / "flag"
    assert resolve_home(None) == tmp_path / "env"
    monkeypatch.delenv("POSTING_MONITOR_HOME")
    # run from this checkout: its snapshots/ directory
    assert resolve_home(None) == Path(__file__).parents[2] / "snapshots"


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path, tmp_path / "missing.toml")
