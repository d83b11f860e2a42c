"""Settings: TOML file + LAYSO_* variables, validated with messages naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.config import load_settings
from shared.errors import ConfigError


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    """LAYSO_* variables win over the TOML file; the file wins over defaults."""
    config = tmp_path / "layso.toml"
    config.write_text('site = "CS1"\ncounter = 2\nlanguage = "en"\n'
                      '[printer]\nspec = "file:/tmp/p.bin"\npaper_mm = 58\n', encoding="utf-8")
    settings = load_settings(config, environ={"LAYSO_COUNTER": "5",
                                              "LAYSO_DATABASE_URL": "sqlite:///x.db"})
    assert settings.site == "CS1" and settings.counter == 5 and settings.language == "en"
    assert settings.printer.spec == "file:/tmp/p.bin" and settings.printer.paper_mm == 58
    assert settings.resolved_database_url() == "sqlite:///x.db"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    """No file: Vietnamese, SQLite in the data folder, strict priority, 3-level rating."""
    settings = load_settings(environ={"LAYSO_DATA_DIR": str(tmp_path)})
    assert settings.language == "vi" and settings.queue.priority_policy == "strict"
    assert settings.resolved_database_url().startswith("sqlite:///")
    assert settings.rating.scale == 3


@pytest.mark.parametrize(("text", "key"), [
    ("counter = \"hai\"\n", "counter"),
    ("[printer]\npaper_mm = 70\n", "printer.paper_mm"),
    ("language = \"fr\"\n", "language"),
    ("[queue]\npriority_policy = \"random\"\n", "queue.priority_policy"),
    ("[kiosk]\nidle_seconds = \"soon\"\n", "kiosk.idle_seconds"),
    ("[kiosk]\nunknown = 1\n", "kiosk.unknown"),
    ("printer = 3\n", "printer"),
])
def test_wrong_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    """Each wrong value raises ConfigError naming the key, in Vietnamese and English."""
    config = tmp_path / "layso.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    assert f"'{key}'" in error.value.message and f"'{key}'" in error.value.message_en


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    """A syntax error in the file gives a clear message with the file's name."""
    config = tmp_path / "layso.toml"
    config.write_text("site = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cú pháp"):
        load_settings(config, environ={})


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    """LAYSO_CONFIG pointing nowhere is an error, not silently ignored."""
    with pytest.raises(ConfigError, match="Không tìm thấy"):
        load_settings(environ={"LAYSO_CONFIG": str(tmp_path / "missing.toml")})


@pytest.mark.parametrize(("text", "key", "given"), [
    ('[calendar]\nsessions = ["07:00-11:30", "bad"]\n', "calendar.sessions", "'bad'"),
    ('[calendar]\nsessions = ["13:30-17:00", "07:00-11:30"]\n', "calendar.sessions",
     "'07:00-11:30'"),
    ('[calendar]\nsessions = ["11:30-07:00"]\n', "calendar.sessions", "'11:30-07:00'"),
    ('[calendar]\nsessions = []\n', "calendar.sessions", "[]"),
    ('[calendar]\nsame_day_cutoff = "3pm"\n', "calendar.same_day_cutoff", "'3pm'"),
    ('[kiosk]\nopening_hours = ["7h-11h"]\n', "kiosk.opening_hours", "'7h-11h'"),
    ('[queue]\npriority_every = 0\n', "queue.priority_every", "0"),
    ('[queue]\nestimate_window = -1\n', "queue.estimate_window", "-1"),
    ('[counter]\nlock_minutes = 0\n', "counter_app.lock_minutes", "0"),
    ('[display]\nrecent_calls = 0\n', "display.recent_calls", "0"),
    ('[kiosk]\nopen_early_minutes = -15\n', "kiosk.open_early_minutes", "-15"),
    ('counter = 0\n', "counter", "0"),
])
def test_times_and_numbers_out_of_range_are_refused_at_load(tmp_path: Path, text: str, key: str,
                                                            given: str) -> None:
    """Sessions, the cut-off and whole numbers are checked when the settings load: the
    message names the key, what was expected and what was given, in both languages."""
    config = tmp_path / "layso.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    assert error.value.message.startswith(f"Cấu hình '{key}' không hợp lệ: cần ")
    assert error.value.message.endswith(f"nhận được {given}.")
    assert error.value.message_en.startswith(f"Invalid setting '{key}': expected ")
    assert "một" not in error.value.message_en and "các ca" not in error.value.message_en


def test_priority_every_from_the_environment_must_be_at_least_one(tmp_path: Path) -> None:
    """LAYSO_PRIORITY_EVERY=-5 is refused (one priority ticket after every N others: N >= 1);
    3 is taken."""
    with pytest.raises(ConfigError) as error:
        load_settings(environ={"LAYSO_DATA_DIR": str(tmp_path), "LAYSO_PRIORITY_EVERY": "-5"})
    assert error.value.message == ("Cấu hình 'queue.priority_every' không hợp lệ: cần một số "
                                   "nguyên từ 1 trở lên, nhận được -5.")
    settings = load_settings(environ={"LAYSO_DATA_DIR": str(tmp_path),
                                      "LAYSO_PRIORITY_EVERY": "3"})
    assert settings.queue.priority_every == 3


def test_good_sessions_load(tmp_path: Path) -> None:
    """Sessions in order (an en dash accepted) and a cut-off load as given."""
    config = tmp_path / "layso.toml"
    config.write_text('[calendar]\nsessions = ["07:30–11:30", "13:00-16:30"]\n'
                      'same_day_cutoff = "14:30"\n', encoding="utf-8")
    settings = load_settings(config, environ={})
    assert settings.calendar.sessions == ["07:30–11:30", "13:00-16:30"]


def test_server_settings_from_the_file_and_the_environment(tmp_path: Path) -> None:
    """[server] in the file; LAYSO_SERVER_* win over it; the defaults serve this PC on 8080."""
    default = load_settings(environ={"LAYSO_DATA_DIR": str(tmp_path)}).server
    assert (default.host, default.port, default.public_url) == ("127.0.0.1", 8080, "")
    config = tmp_path / "layso.toml"
    config.write_text('[server]\nhost = "0.0.0.0"\nport = 9000\n'
                      'public_url = "http://192.168.1.10:9000"\n', encoding="utf-8")
    settings = load_settings(config, environ={"LAYSO_SERVER_PORT": "9100"}).server
    assert settings.host == "0.0.0.0" and settings.port == 9100
    assert settings.public_url == "http://192.168.1.10:9000"


@pytest.mark.parametrize(("text", "key"), [
    ('[server]\nport = 70000\n', "server.port"),
    ('[server]\nport = "tám"\n', "server.port"),
    ('[server]\npublic_url = "192.168.1.10:8080"\n', "server.public_url"),
    ('[server]\ntls_cert = "/etc/cert.pem"\n', "server.tls_key"),
    ('[server]\nhots = "0.0.0.0"\n', "server.hots"),
])
def test_wrong_server_settings_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    """A port out of range or not a number, an address without http(s)://, a certificate
    without its key, an unknown key: refused at load, naming the key."""
    config = tmp_path / "layso.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    assert key in error.value.message and key in error.value.message_en


def test_a_sqlite_path_from_the_home_folder_is_written_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sqlite:///~/…`` is the user's home folder, as a shell reads it, for every program
    (SQLite itself would look for a folder named ``~``); other URLs are kept as they are."""
    home = tmp_path / "nhà"
    monkeypatch.setenv("HOME", str(home))

    def resolved(url: str) -> str:
        return load_settings(environ={"LAYSO_DATABASE_URL": url}).resolved_database_url()

    assert resolved("sqlite:///~/layso/center.db") == f"sqlite:///{home}/layso/center.db"
    assert resolved("sqlite:///~") == f"sqlite:///{home}"
    for kept in ("sqlite:///~other/x.db", "sqlite:////srv/~/x.db", "sqlite:///x~.db",
                 "postgresql+psycopg://u@h/~db"):
        assert resolved(kept) == kept
