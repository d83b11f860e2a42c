"""`layso kiosk|display|rating ARGS…`: the app's own options reach the app unparsed by layso
(argparse's REMAINDER used to drop a first argument starting with "-")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.cli.apps_cmd import split_app_arguments


@pytest.mark.parametrize(("argv", "own", "app"), [
    (["display", "--screenshot", "out"], ["display"], ["--screenshot", "out"]),
    (["--db", "sqlite:///x.db", "--site", "HQ", "kiosk", "--windowed"],
     ["--db", "sqlite:///x.db", "--site", "HQ", "kiosk"], ["--windowed"]),
    (["--json", "rating", "--counter", "2"], ["--json", "rating"], ["--counter", "2"]),
    (["--site", "display", "kiosk", "-h"], ["--site", "display", "kiosk"], ["-h"]),
    (["ticket", "issue", "--service", "kiosk"], ["ticket", "issue", "--service", "kiosk"], []),
    (["counter", "--screenshot", "out"], ["counter", "--screenshot", "out"], []),
])
def test_split_hands_everything_after_the_app_name_to_the_app(
        argv: list[str], own: list[str], app: list[str]) -> None:
    """Only a pass-through app's name splits; a value of a global option ("--site display")
    or of another command's option is not taken for it."""
    assert split_app_arguments(argv) == (own, app)


@pytest.mark.parametrize(("app", "usage"), [
    ("kiosk", "usage: layso kiosk"), ("display", "usage: layso display"),
    ("rating", "usage: layso rating"),
])
def test_the_layso_command_passes_options_to_the_app(app: str, usage: str) -> None:
    """Through the installed entry point: `layso APP --help` prints the app's own usage,
    with its --screenshot (kiosk, display) or --counter (rating) option."""
    result = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "--language", "vi", app, "--help"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(usage)
    assert ("--counter" if app == "rating" else "--screenshot") in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland: Linux only")
@pytest.mark.parametrize("argv", [["kiosk"], ["display"], ["demo"]])
def test_without_a_screen_the_apps_say_so_in_one_line(argv: list[str], tmp_path: Path) -> None:
    """No DISPLAY on Linux (and no QT_QPA_PLATFORM): one clear line, exit 2, no demo built,
    instead of Qt's "could not load the Qt platform plugin" abort."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["LAYSO_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "shared.cli.main", *argv],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "không có màn hình" in result.stderr
    assert not (tmp_path / "demo.db").exists()
