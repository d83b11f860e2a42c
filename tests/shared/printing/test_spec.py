"""LAYSO_PRINTER: every documented form parses; a malformed one is a clear Vietnamese error."""

from __future__ import annotations

import pytest

from shared.errors import ConfigError
from shared.printing.paper import Paper
from shared.printing.service import PrintService
from shared.printing.spec import PrinterSpec


@pytest.mark.parametrize(("text", "expected"), [
    ("none", PrinterSpec("none")),
    ("file:/tmp/tickets.bin", PrinterSpec("file", target="/tmp/tickets.bin")),
    ("network:192.168.1.50", PrinterSpec("network", target="192.168.1.50", port=9100)),
    ("network:printer.local:9200", PrinterSpec("network", target="printer.local", port=9200)),
    ("network:[fe80::1]:9101", PrinterSpec("network", target="fe80::1", port=9101)),
    ("usb:04b8:0e15", PrinterSpec("usb", vendor_id=0x04B8, product_id=0x0E15)),
    ("usb:0x0416:0x5011", PrinterSpec("usb", vendor_id=0x0416, product_id=0x5011)),
    ("serial:/dev/ttyUSB0", PrinterSpec("serial", target="/dev/ttyUSB0", baudrate=9600)),
    ("serial:COM3:115200", PrinterSpec("serial", target="COM3", baudrate=115200)),
    ("device:/dev/usb/lp0", PrinterSpec("device", target="/dev/usb/lp0")),
    ("win32:XP-80C Receipt", PrinterSpec("win32", target="XP-80C Receipt")),
    ("  NETWORK:10.0.0.5  ", PrinterSpec("network", target="10.0.0.5")),
])
def test_documented_printer_specs_parse(text: str, expected: PrinterSpec) -> None:
    """Each documented LAYSO_PRINTER form gives its kind and parameters (port 9100 default)."""
    assert PrinterSpec.parse(text) == expected


@pytest.mark.parametrize("text", [
    "", "laser", "file:", "network:", "network:host:port", "network:host:70000",
    "usb:04b8", "usb:zz:0e15", "usb:12345:1", "serial:", "serial:COM3:fast", "win32:",
    "none:extra",
])
def test_malformed_printer_spec_is_a_clear_vietnamese_error(text: str) -> None:
    """A bad LAYSO_PRINTER raises ConfigError naming the setting and listing the valid forms,
    in Vietnamese (and English), never a traceback from deep inside a driver."""
    with pytest.raises(ConfigError) as caught:
        PrinterSpec.parse(text)
    assert "LAYSO_PRINTER không hợp lệ" in caught.value.message
    assert "network:MÁY[:CỔNG]" in caught.value.message
    assert "Valid forms" in caught.value.message_en


def test_service_from_env_reads_printer_and_paper() -> None:
    """PrintService.from_env takes LAYSO_PRINTER and LAYSO_PAPER_MM; defaults none, 80."""
    service = PrintService.from_env({"LAYSO_PRINTER": "network:10.1.2.3",
                                     "LAYSO_PAPER_MM": "58mm"})
    assert service.spec == PrinterSpec("network", target="10.1.2.3")
    assert service.paper is Paper.MM58
    default = PrintService.from_env({})
    assert default.spec.kind == "none" and default.paper is Paper.MM80
    with pytest.raises(ConfigError):
        PrintService.from_env({"LAYSO_PAPER_MM": "110"})
