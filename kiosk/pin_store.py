"""The kiosk's admin PIN, per PC: from the config (``kiosk.admin_pin`` / ``LAYSO_KIOSK_PIN``)
or, when that is still the factory default, from a local file this PC's kiosk wrote at its
first start.

The default PIN "0000" is never accepted: a kiosk with no PIN of its own asks for one at its
first start. The file (``<data dir>/kiosk-admin-pin.json``) keeps only a salted PBKDF2 hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from pathlib import Path

from shared.paths import data_dir

log = logging.getLogger(__name__)

#: The PIN a fresh install has (KioskSettings.admin_pin): never accepted.
DEFAULT_PIN = "0000"
_ITERATIONS = 200_000


def default_path() -> Path:
    return data_dir() / "kiosk-admin-pin.json"


def acceptable_new_pin(pin: str) -> bool:
    """4 to 8 digits, not the default, not 1234/123456…, not one digit repeated."""
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        return False
    ascending = "0123456789"
    return len(set(pin)) > 1 and pin not in ascending and pin not in ascending[::-1]


def _digest(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)


class PinStore:
    """Where this kiosk's PIN is checked: the configured PIN when it is not the default,
    else the local file's hash."""

    def __init__(self, configured: str, path: Path | None = None) -> None:
        self.configured = configured.strip()
        self.path = path or default_path()

    def uses_config(self) -> bool:
        return self.configured not in ("", DEFAULT_PIN)

    def is_set(self) -> bool:
        """True when some PIN other than the default guards the exit."""
        return self.uses_config() or self._record() is not None

    def verify(self, pin: str) -> bool:
        """Whether ``pin`` opens the exit (never the default, never when nothing is set)."""
        if not pin or pin == DEFAULT_PIN:
            return False
        if self.uses_config():
            return hmac.compare_digest(pin.encode(), self.configured.encode())
        record = self._record()
        if record is None:
            return False
        salt, digest, iterations = record
        return hmac.compare_digest(_digest(pin, salt, iterations), digest)

    def save(self, pin: str) -> None:
        """Keep ``pin``'s hash in the local file (OSError when it cannot be written)."""
        if not acceptable_new_pin(pin):
            raise ValueError("weak PIN")
        salt = secrets.token_bytes(16)
        record = {"salt": salt.hex(), "iterations": _ITERATIONS,
                  "hash": _digest(pin, salt, _ITERATIONS).hex()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, self.path)
        log.info("kiosk admin PIN set (its hash is in %s)", self.path)

    def _record(self) -> tuple[bytes, bytes, int] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return bytes.fromhex(data["salt"]), bytes.fromhex(data["hash"]), int(
                data["iterations"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("kiosk admin PIN file %s unreadable (%r): a new PIN is asked for",
                        self.path, error)
            return None
