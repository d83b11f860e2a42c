"""Sending a job's bytes to the printer a :class:`PrinterSpec` names, through python-escpos.

Every failure (refused, timed out, unplugged, out of paper, driver missing) becomes a
:class:`~shared.errors.PrinterError` with a Vietnamese message; the detail goes to the log.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from shared.errors import PrinterError
from shared.printing.escpos_job import printer_profile
from shared.printing.spec import PrinterSpec

log = logging.getLogger(__name__)

PAPER_OUT, PAPER_LOW = 0, 1


def send(spec: PrinterSpec, data: bytes, *, width_dots: int = 576, timeout: float = 5.0,
         check_paper: bool = True, status_timeout: float = 1.0) -> None:
    """Send ``data`` to the printer. Raises PrinterError; returns when the bytes are handed over.

    With ``check_paper`` a network printer is first asked for its paper sensor (DLE EOT 4);
    "no paper" refuses the job, no answer within ``status_timeout`` lets it through.
    """
    if spec.kind == "none":
        return
    if spec.kind == "file":
        _append_to_file(spec, data)
        return
    try:
        printer = _open(spec, width_dots, timeout)
    except PrinterError:
        raise
    except Exception as error:  # the driver's own errors: a hardware boundary
        log.warning("printer %s cannot be opened: %r", spec.describe(), error)
        raise _unreachable(spec, error) from error
    try:
        if check_paper and spec.kind == "network":
            _check_paper(printer, spec, timeout, status_timeout)
        printer._raw(data)
    except PrinterError:
        raise
    except Exception as error:
        log.warning("printer %s failed while printing: %r", spec.describe(), error)
        raise _unreachable(spec, error) from error
    finally:
        _close(printer)


def _open(spec: PrinterSpec, width_dots: int, timeout: float) -> Any:
    from escpos import printer as drivers

    profile = printer_profile(width_dots)
    device: Any
    if spec.kind == "network":
        device = drivers.Network(spec.target, spec.port, timeout=timeout, profile=profile)
        # Connect here: Network.open() leaks its socket when the connection is refused.
        device.device = socket.create_connection((spec.target, spec.port), timeout=timeout)
        return device
    if spec.kind == "device":
        device = drivers.File(spec.target, profile=profile)
    elif spec.kind == "usb":
        _need_module("usb", "pyusb", spec)
        device = drivers.Usb(spec.vendor_id, spec.product_id, timeout=int(timeout * 1000),
                             profile=profile)
    elif spec.kind == "serial":
        _need_module("serial", "pyserial", spec)
        device = drivers.Serial(spec.target, baudrate=spec.baudrate, timeout=timeout,
                                profile=profile)
    elif spec.kind == "win32":
        _need_module("win32print", "pywin32", spec)
        device = drivers.Win32Raw(spec.target, profile=profile)
    else:  # pragma: no cover - PrinterSpec.parse allows no other kind
        raise ValueError(spec.kind)
    device.open()
    if getattr(device, "device", None) is None:
        raise OSError("the driver opened no device")
    return device


def _need_module(module: str, package: str, spec: PrinterSpec) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise PrinterError(
            f"Không dùng được máy in {spec.describe()}: máy tính chưa cài gói «{package}».",
            f"Cannot use printer {spec.describe()}: the '{package}' package is not installed.",
        )


def _check_paper(printer: Any, spec: PrinterSpec, timeout: float, status_timeout: float) -> None:
    sock: socket.socket = printer.device
    sock.settimeout(status_timeout)
    try:
        status = printer.paper_status()
    except TimeoutError:
        log.info("printer %s did not report its paper status; printing anyway", spec.describe())
        return
    finally:
        sock.settimeout(timeout)
    if status == PAPER_OUT:
        raise PrinterError(
            "Máy in hết giấy. Vui lòng thay cuộn giấy mới.",
            "The printer is out of paper. Please load a new roll.",
            detail=f"{spec.describe()}: paper sensor reports no paper",
        )
    if status == PAPER_LOW:
        log.warning("printer %s: paper roll is nearly finished", spec.describe())


def _append_to_file(spec: PrinterSpec, data: bytes) -> None:
    try:
        with open(spec.target, "ab") as sink:
            sink.write(data)
    except OSError as error:
        log.warning("cannot append to %s: %r", spec.target, error)
        raise _unreachable(spec, error) from error


def _close(printer: Any) -> None:
    try:
        printer.close()
    except Exception as error:  # closing a broken connection must not hide the real result
        log.debug("closing printer: %r", error)


def _unreachable(spec: PrinterSpec, error: BaseException) -> PrinterError:
    return PrinterError(
        f"Không in được: máy in ({spec.describe()}) không phản hồi hoặc chưa kết nối. "
        "Vui lòng kiểm tra nguồn điện, dây cáp và giấy in.",
        f"Cannot print: the printer ({spec.describe()}) is not answering or not connected. "
        "Please check its power, cable and paper.",
        detail=f"{spec.describe()}: {error!r}",
    )
