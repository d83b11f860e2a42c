"""`layso serve` as a user runs it: it starts, prints where it listens, answers, and stops
cleanly (exit status 0 within a few seconds) on SIGTERM or Ctrl+C even with an event stream
open; a port taken, a bad port or address, a bad setting or a missing database is one clear
Vietnamese line and a non-zero status."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from shared.api_tokens import TokenService
from shared.db.database import Database
from tests.server.conftest import ROOT, free_port

#: How long a started server may take to answer, and a stopped one to exit.
START_SECONDS = 20.0
STOP_SECONDS = 5.0


def layso(url: str, *argv: str, env: dict[str, str] | None = None,
          **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "shared.cli.main", "--db", url, *argv], cwd=ROOT,
        env=dict(os.environ, **(env or {})), text=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, **popen)


def run_layso(url: str, *argv: str, env: dict[str, str] | None = None
              ) -> tuple[int, str, str]:
    process = layso(url, *argv, env=env)
    out, err = process.communicate(timeout=START_SECONDS)
    return process.returncode, out, err


def wait_until_it_answers(process: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            if httpx.get(f"{url}/api/openapi.json", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError("layso serve did not answer")


def open_stream(url: str, token: str, lines: list[str], ended: threading.Event) -> None:
    """Read the site's event stream until the server ends it."""
    try:
        with httpx.stream("GET", f"{url}/api/v1/sites/HQ/events", timeout=30,
                          headers={"Authorization": f"Bearer {token}"}) as response:
            for line in response.iter_lines():
                lines.append(line)
    except httpx.HTTPError:
        pass
    finally:
        ended.set()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_prints_its_address_and_stops_cleanly_with_a_stream_open(
        live_db: Database, stop: signal.Signals) -> None:
    """The first line printed is the address (and where the docs are); the server answers
    there; with an event stream open, SIGTERM (or Ctrl+C) ends the stream and the process
    with exit status 0 within a few seconds."""
    port = free_port()
    token = TokenService(live_db).add("watcher", "read").token
    process = layso(live_db.url, "serve", "--port", str(port))
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_it_answers(process, url)
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith(f"LấySố web: {url}") and f"{url}/api/docs" in first
        lines: list[str] = []
        ended = threading.Event()
        reader = threading.Thread(target=open_stream, args=(url, token, lines, ended))
        reader.start()
        deadline = time.monotonic() + START_SECONDS
        while not any(line.startswith("event: ready") for line in lines):
            assert time.monotonic() < deadline and not ended.is_set(), lines
            time.sleep(0.02)
        started = time.monotonic()
        process.send_signal(stop)
        assert process.wait(timeout=STOP_SECONDS + 5) == 0
        assert time.monotonic() - started < STOP_SECONDS
        reader.join(STOP_SECONDS)
        assert ended.is_set()
        _out, err = process.communicate()
        assert "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def assert_one_vietnamese_line(status: int, out: str, err: str, *words: str) -> None:
    assert status != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("layso: ") and "Traceback" not in err
    for word in words:
        assert word in lines[0]


def test_a_port_in_use_is_one_vietnamese_line(live_db: Database) -> None:
    """Another program holds the port: one line saying so and how to choose another, exit
    status 2, and no address printed as if it were serving."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        status, out, err = run_layso(live_db.url, "serve", "--port", str(port))
    assert_one_vietnamese_line(status, out, err, f"Cổng {port}", "--port")


@pytest.mark.parametrize(("argv", "env", "words"), [
    (["serve", "--port", "70000"], {}, ["Cổng không hợp lệ", "70000"]),
    (["serve", "--host", "256.1.1.1", "--port", "8099"], {}, ["256.1.1.1", "--host"]),
    (["serve"], {"LAYSO_SERVER_PORT": "tám"}, ["port"]),
    (["serve"], {"LAYSO_SERVER_PUBLIC_URL": "192.168.1.10"}, ["public_url"]),
], ids=["port-out-of-range", "bad-host", "port-not-a-number", "public-url-without-scheme"])
def test_a_bad_port_address_or_setting_is_one_vietnamese_line(
        live_db: Database, argv: list[str], env: dict[str, str], words: list[str]) -> None:
    """A port out of range, an address that is not of this PC, a setting of the wrong type or
    form: one line naming it, non-zero exit status."""
    status, out, err = run_layso(live_db.url, *argv, env=env)
    assert_one_vietnamese_line(status, out, err, *words)


def test_a_missing_database_is_one_line_asking_for_db_upgrade(tmp_path: Path) -> None:
    """No database yet: one line pointing to `layso db upgrade`; nothing is created."""
    status, out, err = run_layso(f"sqlite:///{tmp_path}/none.db", "serve", "--port",
                                 str(free_port()))
    assert_one_vietnamese_line(status, out, err, "layso db upgrade")
    assert not (tmp_path / "none.db").exists()


def test_serve_over_tls_with_the_configured_certificate(live_db: Database,
                                                        tmp_path: Path) -> None:
    """With server.tls_cert and tls_key (a self-signed pair made by openssl here), the service
    prints an https address and answers over TLS with that certificate; plain HTTP is refused."""
    import shutil
    import ssl

    openssl = shutil.which("openssl")
    assert openssl, "openssl is needed to make the test certificate"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    port = free_port()
    process = layso(live_db.url, "serve", "--port", str(port),
                    env={"LAYSO_SERVER_TLS_CERT": str(cert), "LAYSO_SERVER_TLS_KEY": str(key)})
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, process.communicate()
            try:
                response = httpx.get(f"https://127.0.0.1:{port}/api/openapi.json",
                                     verify=context, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "layso serve did not answer over TLS"
                time.sleep(0.05)
        assert response.status_code == 200
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2)
    finally:
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=STOP_SECONDS * 3)
    assert f"https://127.0.0.1:{port}" in out
