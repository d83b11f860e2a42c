"""One connection setup for every PostgreSQL connection: the engine's and the change feed's.

Every option of the database URL's query string reaches libpq unchanged (``sslmode``,
``sslrootcert``, ``sslcert``, ``sslkey``, ``application_name``, ``connect_timeout``,
``keepalives_*``, ``tcp_user_timeout``, ``target_session_attrs``, …), and defaults fill what
the URL leaves out, so a LAN PC fails fast instead of hanging:

- ``connect_timeout`` 5 s: a server that does not answer the log-in;
- TCP keepalives (idle 4 s, then every 2 s, 3 lost probes: a dead peer is noticed in about
  10 s even on a connection that sends nothing) and ``tcp_user_timeout`` 10 s (data sent and
  never acknowledged);
- ``statement_timeout`` 15 s and ``lock_timeout`` 5 s, sent as server settings
  (``options=-c …``): a query stuck behind a lock or a runaway query ends with an error the
  apps show as "đang bận" instead of freezing a counter.

Two URL options are LấySố's own, not libpq's: ``statement_timeout`` and ``lock_timeout``
(milliseconds, or with a unit PostgreSQL understands: ``15s``, ``1min``; ``0`` turns it off).
Example::

    postgresql+psycopg://counter@10.0.0.2/layso?sslmode=verify-full
        &sslrootcert=/etc/layso/ca.crt&statement_timeout=30s
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL, make_url

#: libpq options filled in when the URL does not give them.
LIBPQ_DEFAULTS: dict[str, str] = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "4",
    "keepalives_interval": "2",
    "keepalives_count": "3",
    "tcp_user_timeout": "10000",
    "application_name": "layso",
}
#: Server settings (``-c name=value``) with their defaults; a URL option of the same name wins.
SERVER_SETTINGS: dict[str, str] = {
    "statement_timeout": "15000",
    "lock_timeout": "5000",
}


def conninfo(url: str | URL, *, application_name: str | None = None) -> dict[str, Any]:
    """Keyword arguments for ``psycopg.connect`` from a database URL: host, port, user,
    password, dbname, every query option, then the defaults and the timeouts."""
    parsed = make_url(url) if isinstance(url, str) else url
    params: dict[str, Any] = {}
    if parsed.host:
        params["host"] = parsed.host
    if parsed.port:
        params["port"] = parsed.port
    if parsed.username:
        params["user"] = parsed.username
    if parsed.password is not None:
        params["password"] = parsed.password
    if parsed.database:
        params["dbname"] = parsed.database
    settings = dict(SERVER_SETTINGS)
    for key, value in parsed.query.items():
        text = value[-1] if isinstance(value, tuple) else value
        if key in SERVER_SETTINGS:
            settings[key] = text
        else:
            params[key] = text
    for key, value in LIBPQ_DEFAULTS.items():
        params.setdefault(key, value)
    if application_name is not None and "application_name" not in parsed.query:
        params["application_name"] = application_name
    given = str(params.get("options", ""))
    extra = [f"-c {name}={value}" for name, value in settings.items()
             if f"{name}=" not in given]
    if extra:
        params["options"] = " ".join([given, *extra]).strip()
    return params


def engine_url(url: str | URL) -> URL:
    """The URL without its query (every option goes through :func:`conninfo` instead)."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.set(query={})
