"""Settings: one TOML file plus LAYSO_* environment variables, validated with clear messages.

Precedence: built-in defaults < the TOML file < environment variables < command-line options.
The file is ``$LAYSO_CONFIG`` or ``<data dir>/layso.toml`` (optional). Every section is a
frozen dataclass; a value of the wrong type or outside its choices raises ConfigError naming
the key, what it expected and what it got, in Vietnamese and English.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, Literal

from shared import paths
from shared.errors import ConfigError

Language = Literal["vi", "en"]


@dataclass(frozen=True)
class QueueSettings:
    #: "strict": priority tickets always first; "interleave": one after every N others.
    priority_policy: Literal["strict", "interleave"] = "strict"
    priority_every: int = 3
    #: How many recent services feed the wait estimate.
    estimate_window: int = 20
    #: Minutes per person assumed before there is any history.
    default_service_minutes: int = 5
    #: Minutes a counter on break is expected to stay away still (for the wait estimate).
    estimate_break_minutes: int = 10
    #: How long after marking a no-show the counter's clerk may still undo it (call the
    #: citizen again or put the ticket back in the queue); a supervisor may all day.
    undo_minutes: int = 15


@dataclass(frozen=True)
class CalendarSettings:
    sessions: list[str] = field(default_factory=lambda: ["07:00-11:30", "13:30-17:00"])
    same_day_cutoff: str = "15:00"


@dataclass(frozen=True)
class PrinterSettings:
    #: none | file:PATH | network:HOST[:PORT] | usb:VID:PID | serial:DEV[:BAUD] | device:PATH
    #: | win32:NAME
    spec: str = "none"
    paper_mm: Literal[58, 80] = 80
    header: list[str] = field(default_factory=list)
    #: The closing lines of a ticket: an office's words, not a shop's ("quý khách").
    footer: list[str] = field(default_factory=lambda: [
        "Mời ông/bà ngồi chờ đến lượt.", "Trân trọng cảm ơn!"])
    #: The footer of tickets printed in English (empty: the Vietnamese footer).
    footer_en: list[str] = field(default_factory=lambda: [
        "Please take a seat until your number is called.", "Thank you."])
    logo: str = ""
    #: How the appointment slip is printed: on the thermal printer, as an A5 PDF file in
    #: slip_dir, or as an A5 page on a system (office) printer.
    slip: Literal["thermal", "a5-pdf", "a5-printer"] = "thermal"
    slip_dir: str = ""
    #: For "a5-printer": the system printer's name ("" = the default printer), or
    #: "pdf:PATH" to print the pages through the same path into a PDF file.
    slip_printer: str = ""
    #: With slip = "thermal": where the archive copy ("Liên 1: lưu") goes instead: "" (the
    #: thermal printer too), "a5-pdf" (an A5 PDF in slip_dir) or "a5-printer" (slip_printer).
    archive_copy: Literal["", "a5-pdf", "a5-printer"] = ""


@dataclass(frozen=True)
class KioskSettings:
    idle_seconds: int = 60
    admin_pin: str = "0000"
    fullscreen: bool = True
    opening_hours: list[str] = field(default_factory=lambda: ["07:00-11:30", "13:30-17:00"])
    #: Let citizens take numbers this many minutes before a session starts.
    open_early_minutes: int = 15
    #: Issue numbers on weekends and holidays too (a site that serves at the weekend).
    open_on_days_off: bool = False
    center_name: str = ""
    logo: str = ""


@dataclass(frozen=True)
class VoiceSettings:
    engine: Literal["espeak", "clips", "none"] = "espeak"
    clips: str = ""
    read_number: Literal["number", "digits"] = "number"
    language: Language = "vi"
    #: Regional readings: 105 "một trăm linh năm" or "lẻ năm"; 1000 "nghìn" or "ngàn";
    #: 24 "hai mươi tư" or "hai mươi bốn".
    zero_tens: Literal["linh", "lẻ"] = "linh"
    thousand: Literal["nghìn", "ngàn"] = "nghìn"
    four_after_tens: Literal["tư", "bốn"] = "tư"
    #: Speech rate of the espeak-ng voice, words per minute (80–400).
    rate: int = 140
    #: The two-tone chime before each call.
    chime: bool = True
    #: The synthesised-phrase cache's size limit in MB (oldest-used files go first).
    cache_mb: int = 200
    #: How many times a call is said when no other call waits (1–3): the full call, then
    #: "A mười hai, quầy ba".
    repeat: int = 1
    #: The longest a call may wait to be heard (s): when calls pile up they are said short
    #: ("A mười hai, quầy ba") and faster, up to rate_max words per minute (never slower
    #: than rate).
    max_delay: int = 15
    rate_max: int = 300
    #: With engine = "clips": espeak-ng says what the recorded clips cannot (a missing clip,
    #: no folder), or "none" (the call is skipped, as before).
    fallback: Literal["espeak", "none"] = "espeak"

    def __post_init__(self) -> None:
        if not 80 <= self.rate <= 400:
            raise _bad("voice.rate", "một số từ 80 đến 400 (từ/phút)", self.rate)
        if self.cache_mb < 1:
            raise _bad("voice.cache_mb", "một số MB lớn hơn 0", self.cache_mb)
        if not 1 <= self.repeat <= 3:
            raise _bad("voice.repeat", "1, 2 hoặc 3 (số lần đọc)", self.repeat)
        if not 5 <= self.max_delay <= 120:
            raise _bad("voice.max_delay", "một số giây từ 5 đến 120", self.max_delay)
        if not 80 <= self.rate_max <= 400:
            raise _bad("voice.rate_max", "một số từ 80 đến 400 (từ/phút)", self.rate_max)


@dataclass(frozen=True)
class DisplaySettings:
    announcements: list[str] = field(
        default_factory=lambda: [
            "Công dân vui lòng giữ trật tự và chờ đến lượt.",
            "Tra cứu hồ sơ tại máy cảm ứng hoặc trên Cổng Dịch vụ công quốc gia.",
        ]
    )
    recent_calls: int = 6
    highlight_seconds: int = 8


@dataclass(frozen=True)
class RatingSettings:
    scale: Literal[3, 5] = 3
    timeout_seconds: int = 30


@dataclass(frozen=True)
class CounterSettings:
    lock_after_failures: int = 5
    lock_minutes: int = 5


@dataclass(frozen=True)
class ServerSettings:
    """``layso serve``: where it listens and the address phones and TVs use to reach it."""

    #: 127.0.0.1 serves this PC only; 0.0.0.0 serves the LAN.
    host: str = "127.0.0.1"
    port: int = 8080
    #: The address phones and TVs use, e.g. "http://192.168.1.10:8080" (empty: no phone page
    #: link on tickets).
    public_url: str = ""
    #: Optional TLS: a PEM certificate and its key.
    tls_cert: str = ""
    tls_key: str = ""
    #: A burst of bad requests from one client (401/403/404/422) beyond this many per minute
    #: is slowed down.
    bad_requests_per_minute: int = 60

    def __post_init__(self) -> None:
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise _bad("server.public_url", 'một địa chỉ bắt đầu bằng "http://" hoặc "https://"',
                       self.public_url, 'an address starting with "http://" or "https://"')
        if bool(self.tls_cert) != bool(self.tls_key):
            raise _bad("server.tls_key" if self.tls_cert else "server.tls_cert",
                       "cả chứng chỉ (tls_cert) và khóa (tls_key), hoặc không cái nào",
                       self.tls_key or self.tls_cert,
                       "both a certificate (tls_cert) and its key (tls_key), or neither")


@dataclass(frozen=True)
class ProvinceSettings:
    """The link to the province's one-stop system (``shared.dossier_import``,
    ``shared.province_source``)."""

    #: A folder ``layso serve`` watches: each export file dropped there is imported once.
    import_dir: str = ""
    #: The mapping file (TOML) and/or the preset the watched folder's files are read with.
    mapping: str = ""
    preset: str = ""
    #: Where the wall's dossier figures come from: "local" (the dossiers in LấySố, imported
    #: ones included) or "opencps" (the province's statistics service at source_url).
    source: Literal["local", "opencps"] = "local"
    source_url: str = ""
    #: OpenCPS: the agency code (govAgencyCode) and group id the statistics are asked for.
    agency: str = ""
    group_id: str = ""
    fetch_minutes: int = 15
    timeout_seconds: int = 10
    #: Imported figures older than this many minutes are marked stale on the wall.
    stale_minutes: int = 25 * 60

    def __post_init__(self) -> None:
        if self.source == "opencps" and not self.source_url.startswith(("http://", "https://")):
            raise _bad("province.source_url", 'một địa chỉ bắt đầu bằng "http://" hoặc '
                       '"https://" (nguồn opencps)', self.source_url,
                       'an address starting with "http://" or "https://" (opencps source)')


@dataclass(frozen=True)
class BackupSettings:
    """The nightly backup (``shared.backup``): run by ``layso serve``, or by the display on a
    SQLite database; ``layso backup`` makes one at any time."""

    #: Where backups go ("": <data dir>/backups). Best on another disk or PC.
    folder: str = ""
    #: Backups older than this many days are deleted after a new one is verified.
    keep_days: int = 14
    #: The local time of the nightly backup (after closing time), "HH:MM"; "" turns it off.
    at: str = "21:00"


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    site: str = ""
    counter: int | None = None
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    language: Language = "vi"
    queue: QueueSettings = field(default_factory=QueueSettings)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    rating: RatingSettings = field(default_factory=RatingSettings)
    counter_app: CounterSettings = field(default_factory=CounterSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    province: ProvinceSettings = field(default_factory=ProvinceSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    config_path: str = ""

    def resolved_database_url(self) -> str:
        return home_expanded(self.database_url) if self.database_url \
            else default_database_url()


def home_expanded(url: str) -> str:
    """A SQLite URL whose path starts at the home folder (``sqlite:///~/layso/center.db``)
    with that folder written out, as a shell would read it: SQLite itself would look for a
    folder named ``~``. Any other URL as it is."""
    prefix = "sqlite:///~"
    rest = url[len(prefix):]
    if not url.startswith(prefix) or (rest and rest[0] not in "/\\"):
        return url
    return f"sqlite:///{Path('~' + rest).expanduser()}"


def default_database_url() -> str:
    return f"sqlite:///{paths.data_dir() / 'layso.db'}"


#: Environment variables and the key each sets ("printer" sets printer.spec).
ENV_KEYS: dict[str, str] = {
    "LAYSO_DATABASE_URL": "database_url",
    "LAYSO_SITE": "site",
    "LAYSO_COUNTER": "counter",
    "LAYSO_PRINTER": "printer.spec",
    "LAYSO_PAPER_MM": "printer.paper_mm",
    "LAYSO_LANGUAGE": "language",
    "LAYSO_PRIORITY_POLICY": "queue.priority_policy",
    "LAYSO_PRIORITY_EVERY": "queue.priority_every",
    "LAYSO_VOICE": "voice.engine",
    "LAYSO_KIOSK_FULLSCREEN": "kiosk.fullscreen",
    "LAYSO_KIOSK_PIN": "kiosk.admin_pin",
    "LAYSO_SERVER_HOST": "server.host",
    "LAYSO_SERVER_PORT": "server.port",
    "LAYSO_SERVER_PUBLIC_URL": "server.public_url",
    "LAYSO_SERVER_TLS_CERT": "server.tls_cert",
    "LAYSO_SERVER_TLS_KEY": "server.tls_key",
}


def _bad(key: str, expected: str, got: object, expected_en: str | None = None) -> ConfigError:
    return ConfigError(
        f"Cấu hình '{key}' không hợp lệ: cần {expected}, nhận được {got!r}.",
        f"Invalid setting '{key}': expected {expected_en or expected}, got {got!r}.",
    )


#: Whole-number settings and their range (smallest, largest or None), checked at load.
INT_RANGES: dict[str, tuple[int, int | None]] = {
    "counter": (1, None),
    "queue.priority_every": (1, None),
    "queue.estimate_window": (1, None),
    "queue.default_service_minutes": (1, None),
    "queue.estimate_break_minutes": (0, None),
    "queue.undo_minutes": (0, 24 * 60),
    "kiosk.idle_seconds": (1, None),
    "kiosk.open_early_minutes": (0, 24 * 60),
    "display.recent_calls": (1, None),
    "display.highlight_seconds": (0, None),
    "rating.timeout_seconds": (1, None),
    "counter_app.lock_after_failures": (1, None),
    "counter_app.lock_minutes": (1, None),
    "server.port": (1, 65535),
    "server.bad_requests_per_minute": (1, None),
    "province.fetch_minutes": (1, 24 * 60),
    "province.timeout_seconds": (1, 300),
    "province.stale_minutes": (1, None),
    "backup.keep_days": (1, 3650),
}

#: Settings holding working sessions like "07:00-11:30", and times of day like "15:00".
SESSION_KEYS = ("calendar.sessions", "kiosk.opening_hours")
CLOCK_KEYS = ("calendar.same_day_cutoff",)


def _in_range(key: str, value: int) -> int:
    low, high = INT_RANGES.get(key, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            raise _bad(key, f"một số nguyên từ {low} trở lên", value,
                       f"a whole number of {low} or more")
        raise _bad(key, f"một số nguyên từ {low} đến {high}", value,
                   f"a whole number from {low} to {high}")
    return value


def _clock(text: str) -> time | None:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        return None


def _check_sessions(key: str, sessions: list[str]) -> None:
    """Sessions "HH:MM-HH:MM", at least one, each starting before it ends, in order and not
    overlapping (the same rule as shared.workdays.CalendarSettings)."""
    expected = 'các ca dạng "07:00-11:30", theo thứ tự, không chồng nhau'
    expected_en = 'sessions like "07:00-11:30", in order, not overlapping'
    if not sessions:
        raise _bad(key, expected, sessions, expected_en)
    previous_end = time(0, 0)
    for text in sessions:
        start_text, dash, end_text = text.replace("–", "-").partition("-")
        start, end = _clock(start_text), _clock(end_text)
        if not dash or start is None or end is None or not previous_end <= start < end:
            raise _bad(key, expected, text, expected_en)
        previous_end = end


def _check_times(settings: Settings) -> None:
    """Check the settings holding times of day, naming the key (they are parsed later)."""
    for key in SESSION_KEYS:
        _check_sessions(key, _value(settings, key))
    for key in CLOCK_KEYS:
        if _clock(_value(settings, key)) is None:
            raise _bad(key, 'một giờ dạng "HH:MM", ví dụ "15:00"', _value(settings, key),
                       'a time like "15:00"')


def _value(settings: Settings, key: str) -> Any:
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    return value


def _convert(key: str, kind: Any, value: Any, from_env: bool) -> Any:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is Literal:
        for choice in args:
            if value == choice or (from_env and str(choice) == str(value).strip()):
                return choice
        expected = " hoặc ".join(repr(choice) for choice in args)
        raise _bad(key, expected, value)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if value is None or (from_env and str(value).strip() == ""):
            return None
        inner = next(arg for arg in args if arg is not type(None))
        return _convert(key, inner, value, from_env)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if from_env and str(value).strip().lower() in {"1", "true", "yes", "on", "0", "false",
                                                        "no", "off"}:
            return str(value).strip().lower() in {"1", "true", "yes", "on"}
        raise _bad(key, "true/false", value)
    if kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return _in_range(key, value)
        if from_env:
            try:
                return _in_range(key, int(str(value).strip()))
            except ValueError:
                pass
        raise _bad(key, "một số nguyên", value, "a whole number")
    if kind is str:
        if isinstance(value, str):
            return value
        raise _bad(key, "một chuỗi ký tự", value)
    if origin is list:
        if from_env and isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return list(value)
        raise _bad(key, "một danh sách chuỗi", value)
    raise _bad(key, str(kind), value)


def _build(cls: type[Any], data: dict[str, Any], prefix: str, env: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in known:
            full = f"{prefix}{key}"
            raise ConfigError(
                f"Cấu hình có khóa không biết: '{full}'.", f"Unknown setting: '{full}'."
            )
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        kind = hints[f.name]
        full = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(kind):
            section = data.get(f.name, {})
            if not isinstance(section, dict):
                raise _bad(full, "một bảng [" + full + "]", section)
            values[f.name] = _build(typing.cast(type, kind), section, full + ".", env)
        elif full in env:
            values[f.name] = _convert(full, kind, env[full], from_env=True)
        elif f.name in data:
            values[f.name] = _convert(full, kind, data[f.name], from_env=False)
    return cls(**values)


def _file_data(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"Tệp cấu hình {path} bị lỗi cú pháp: {error}",
            f"The config file {path} has a syntax error: {error}",
        ) from error
    except OSError as error:
        raise ConfigError(
            f"Không đọc được tệp cấu hình {path}: {error.strerror}",
            f"Cannot read the config file {path}: {error.strerror}",
        ) from error


def load_settings(
    config_path: str | Path | None = None,
    environ: typing.Mapping[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Settings from defaults, the TOML file, LAYSO_* variables and ``overrides`` (dotted keys)."""
    environ = os.environ if environ is None else environ
    path_text = str(config_path or environ.get("LAYSO_CONFIG", ""))
    path = Path(path_text) if path_text else paths.data_dir() / "layso.toml"
    data: dict[str, Any] = {}
    if path.exists() or path_text:
        if not path.exists():
            raise ConfigError(
                f"Không tìm thấy tệp cấu hình {path}.", f"Config file not found: {path}."
            )
        data = _file_data(path)
    # The file's [counter] table is the counter app's; a bare `counter = N` is the desk number.
    if isinstance(data.get("counter"), dict):
        data = dict(data)
        data["counter_app"] = data.pop("counter")
    env = {key: environ[name] for name, key in ENV_KEYS.items() if name in environ}
    for key, value in (overrides or {}).items():
        if value is not None:
            env[key] = value
    settings: Settings = _build(Settings, data, "", env)
    _check_times(settings)
    return dataclasses.replace(settings, config_path=str(path) if path.exists() else "")
