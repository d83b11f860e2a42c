"""The printer setting (``LAYSO_PRINTER``) parsed and validated: where the bytes go.

Forms: ``none``, ``file:PATH``, ``network:HOST[:PORT]`` (port 9100 by default), ``usb:VID:PID``
(hexadecimal), ``serial:DEVICE[:BAUD]``, ``device:/dev/usb/lp0``, ``win32:PRINTER NAME``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.errors import ConfigError

Kind = Literal["none", "file", "network", "usb", "serial", "device", "win32"]

FORMS = ("none, file:ĐƯỜNG_DẪN, network:MÁY[:CỔNG], usb:VID:PID (hệ 16), "
         "serial:THIẾT_BỊ[:TỐC_ĐỘ_BAUD], device:/dev/usb/lp0, win32:TÊN MÁY IN")
FORMS_EN = ("none, file:PATH, network:HOST[:PORT], usb:VID:PID (hex), "
            "serial:DEVICE[:BAUD], device:/dev/usb/lp0, win32:PRINTER NAME")


@dataclass(frozen=True)
class PrinterSpec:
    """A parsed printer setting. ``target`` is the path, host, device or printer name."""

    kind: Kind
    target: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    baudrate: int = 9600

    @staticmethod
    def parse(text: str) -> PrinterSpec:
        """The spec for ``text``; a ConfigError in Vietnamese (and English) when it is malformed."""
        raw = text.strip()
        kind, _, rest = raw.partition(":")
        kind = kind.strip().lower()
        if kind == "none" and not rest:
            return PrinterSpec("none")
        if kind in ("file", "device", "win32"):
            _need(rest.strip(), raw, "thiếu đường dẫn hoặc tên máy in", "missing path or name")
            return PrinterSpec(kind, target=rest.strip())  # type: ignore[arg-type]
        if kind == "network":
            host, port = _host_port(rest.strip(), raw)
            return PrinterSpec("network", target=host, port=port)
        if kind == "usb":
            return _usb(rest, raw)
        if kind == "serial":
            device, _, baud = rest.strip().partition(":")
            _need(device, raw, "thiếu tên cổng nối tiếp", "missing serial device")
            rate = _number(baud, raw, "tốc độ baud", "baud rate") if baud else 9600
            return PrinterSpec("serial", target=device, baudrate=rate)
        raise _error(raw, "loại máy in không rõ", "unknown printer kind")

    def describe(self) -> str:
        """A short human description for logs and messages (``network 10.0.0.5:9100``)."""
        if self.kind == "network":
            return f"network {self.target}:{self.port}"
        if self.kind == "usb":
            return f"usb {self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == "serial":
            return f"serial {self.target} ({self.baudrate} baud)"
        return f"{self.kind} {self.target}".strip()


def _error(raw: str, why: str, why_en: str) -> ConfigError:
    return ConfigError(
        f"Cấu hình máy in LAYSO_PRINTER không hợp lệ: «{raw}» ({why}). Các dạng hợp lệ: {FORMS}.",
        f"Invalid LAYSO_PRINTER setting '{raw}' ({why_en}). Valid forms: {FORMS_EN}.",
    )


def _need(value: str, raw: str, why: str, why_en: str) -> None:
    if not value:
        raise _error(raw, why, why_en)


def _number(text: str, raw: str, what: str, what_en: str, base: int = 10) -> int:
    try:
        value = int(text.strip(), base)
    except ValueError:
        raise _error(raw, f"{what} «{text}» không phải là số", f"{what_en} '{text}' is not a "
                     "number") from None
    if value <= 0:
        raise _error(raw, f"{what} phải lớn hơn 0", f"{what_en} must be positive")
    return value


def _host_port(rest: str, raw: str) -> tuple[str, int]:
    if rest.startswith("["):  # [IPv6]:port
        host, _, tail = rest[1:].partition("]")
        port_text = tail.removeprefix(":")
    elif rest.count(":") == 1:
        host, _, port_text = rest.partition(":")
    else:
        host, port_text = rest, ""
    _need(host.strip(), raw, "thiếu địa chỉ máy in", "missing printer address")
    port = _number(port_text, raw, "cổng", "port") if port_text else 9100
    if port > 65535:
        raise _error(raw, "cổng phải từ 1 đến 65535", "port must be 1 to 65535")
    return host.strip(), port


def _usb(rest: str, raw: str) -> PrinterSpec:
    parts = [part.strip().lower().removeprefix("0x") for part in rest.split(":")]
    if len(parts) != 2 or not all(parts):
        raise _error(raw, "cần mã nhà sản xuất và mã sản phẩm dạng VID:PID",
                     "expected VID:PID")
    vendor = _number(parts[0], raw, "mã VID", "VID", 16)
    product = _number(parts[1], raw, "mã PID", "PID", 16)
    if vendor > 0xFFFF or product > 0xFFFF:
        raise _error(raw, "VID và PID có tối đa 4 chữ số hệ 16", "VID and PID are 4 hex digits")
    return PrinterSpec("usb", vendor_id=vendor, product_id=product)
