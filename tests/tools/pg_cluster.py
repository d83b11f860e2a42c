"""A throwaway PostgreSQL cluster of a test's own, for fault tests that stop and start the
server (issue 15): ``initdb`` once into a temporary folder, ``pg_ctl start``/``stop`` on a port
of its own (listening on 127.0.0.1 only, its socket in /tmp), removed at the end.

The binaries come from ``/usr/lib/postgresql/<newest>/bin`` (or ``LAYSO_TEST_PG_BIN``). As root
they run as the ``postgres`` user (``runuser``), which owns the data folder; as anyone else
they run as that user. ``find_binaries()`` returns None when there are none, so a fixture can
skip with the reason.

    cluster = PgCluster.create()        # initdb (a few seconds), not started
    cluster.start()                     # pg_ctl start -w
    url = cluster.url("layso")          # postgresql+psycopg://postgres@127.0.0.1:<port>/layso
    cluster.stop("immediate")           # a crash: no checkpoint, recovery at the next start
    cluster.remove()                    # stopped (immediate) and deleted
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

POSTGRES_USER = "postgres"
#: Settings for a test server: small, quick, quiet. fsync stays on: a crash (immediate stop)
#: is then recovered exactly as on a real server.
SERVER_OPTIONS = ("-c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp "
                  "-c max_connections=40 -c shared_buffers=16MB -c logging_collector=off")


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (the newest installed version), or None."""
    given = os.environ.get("LAYSO_TEST_PG_BIN")
    candidates = [Path(given)] if given else sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def why_not() -> str | None:
    """Why no cluster can be made here (None when one can)."""
    if find_binaries() is None:
        return "PostgreSQL's initdb/pg_ctl not found (/usr/lib/postgresql/*/bin)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(POSTGRES_USER)
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL"
        if shutil.which("runuser") is None:
            return "running as root without runuser to switch to the postgres user"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgCluster:
    def __init__(self, bin_dir: Path, root: Path, port: int) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data = root / "data"
        self.log = root / "server.log"
        self.port = port
        self.running = False

    @classmethod
    def create(cls) -> PgCluster:
        """A new cluster in a temporary folder (initdb, trust authentication), stopped."""
        bin_dir = find_binaries()
        assert bin_dir is not None, why_not()
        root = Path(tempfile.mkdtemp(prefix="layso-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam(POSTGRES_USER)
            os.chown(root, user.pw_uid, user.pw_gid)
        cluster = cls(bin_dir, root, free_port())
        try:
            cluster._run("initdb", "-D", str(cluster.data), "-U", POSTGRES_USER, "-A", "trust",
                         "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cluster

    def _run(self, tool: str, *args: str, timeout: float = 60) -> str:
        command = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", POSTGRES_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd=self.root, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed ({done.returncode}):\n"
                               f"{done.stdout}\n{done.stderr}\n{log}")
        return done.stdout

    def start(self) -> None:
        """Start and wait until it accepts connections (after crash recovery, if any)."""
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l",
                  str(self.log), "-o", f"-p {self.port} {SERVER_OPTIONS}")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """``fast``: clients disconnected, a clean shut-down. ``immediate``: every process
        killed at once (a power cut of the server, for the clients), recovered at the next
        start."""
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-D", str(self.data), "-m", mode)
        self.running = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{POSTGRES_USER}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        """One statement, in autocommit, on the ``postgres`` database (CREATE DATABASE, …)."""
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def remove(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
