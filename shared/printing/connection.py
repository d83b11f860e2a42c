"""Sending a job's bytes to the printer a :class:`PrinterSpec` names, through python-escpos.

Every failure (refused, timed out, unplugged, out of paper, driver missing) becomes a
:class:`~shared.errors.PrinterError` with a Vietnamese message; the detail goes to the log.

Before a job, a printer whose connection can be read (network, USB, serial, a character device
such as /dev/usb/lp0) is asked for its paper sensor (DLE EOT 4, "real-time status"): "no paper"
refuses the job. A network printer must answer: one that accepts the connection and then
stalls (reads nothing, answers nothing) fails within ``status_timeout`` instead of being
counted as printed, and the job is not sent. The other kinds often cannot be read back, so
their silence means "unknown" and the job goes out (``require_status`` changes that). After a
network job the same question is asked again and must be answered within ``timeout``: the
answer comes once the printer has taken every byte before it, so a printer that stalled or
dropped the connection in the middle of a ticket makes the job fail.
"""

from __future__ import annotations

import logging
import os
import select
import socket
import stat
from typing import Any

from shared.errors import PrinterError
from shared.printing.escpos_job import printer_profile
from shared.printing.spec import PrinterSpec

log = logging.getLogger(__name__)

PAPER_OUT, PAPER_LOW, PAPER_OK = 0, 1, 2
#: DLE EOT 4: the real-time paper sensor status (one byte back).
PAPER_QUERY = b"\x10\x04\x04"
#: Printer kinds whose connection can be read, so the paper sensor can be asked.
READABLE_KINDS = frozenset({"network", "usb", "serial", "device"})
#: What to install for the printers python-escpos drives through an optional package.
INSTALL_HINT = 'pip install "layso[printers]"'


def send(spec: PrinterSpec, data: bytes, *, width_dots: int = 576, timeout: float = 5.0,
         check_paper: bool = True, status_timeout: float = 1.0,
         require_status: bool | None = None) -> None:
    """Send ``data`` to the printer. Raises PrinterError; returns when the bytes are handed over.

    With ``check_paper`` a printer whose connection can be read is first asked for its paper
    sensor (DLE EOT 4); "no paper" refuses the job. No answer within ``status_timeout`` refuses
    it too when ``require_status`` (None: network printers only), else lets it through. A
    network printer is asked again after the job and must answer within ``timeout`` (a closed
    or stalled connection fails the job). Writing that makes no progress for ``timeout``
    seconds fails as well.
    """
    if spec.kind == "none":
        return
    if spec.kind == "file":
        _append_to_file(spec, data)
        return
    required = spec.kind == "network" if require_status is None else require_status
    printer = _open_or_fail(spec, width_dots, timeout)
    try:
        if check_paper and spec.kind in READABLE_KINDS:
            _check_paper(printer, spec, timeout, status_timeout, required)
        printer._raw(data)
        if check_paper and spec.kind == "network":
            _confirm_network_delivery(printer, spec, timeout, required)
    except PrinterError:
        raise
    except Exception as error:
        log.warning("printer %s failed while printing: %r", spec.describe(), error)
        raise _unreachable(spec, error) from error
    finally:
        _close(printer)


def probe(spec: PrinterSpec, *, width_dots: int = 576, timeout: float = 5.0,
          status_timeout: float = 1.0, require_status: bool | None = None) -> None:
    """Ask the printer for its paper sensor without printing anything (is it back?).

    Raises PrinterError as :func:`send` would for an empty job; a file is tried for
    appending, "none" always answers.
    """
    if spec.kind == "none":
        return
    if spec.kind == "file":
        _append_to_file(spec, b"")
        return
    required = spec.kind == "network" if require_status is None else require_status
    printer = _open_or_fail(spec, width_dots, timeout)
    try:
        if spec.kind in READABLE_KINDS:
            _check_paper(printer, spec, timeout, status_timeout, required)
    except PrinterError:
        raise
    except Exception as error:
        log.info("printer %s did not answer the probe: %r", spec.describe(), error)
        raise _unreachable(spec, error) from error
    finally:
        _close(printer)


def _open_or_fail(spec: PrinterSpec, width_dots: int, timeout: float) -> Any:
    try:
        return _open(spec, width_dots, timeout)
    except PrinterError:
        raise
    except Exception as error:  # the driver's own errors: a hardware boundary
        log.warning("printer %s cannot be opened: %r", spec.describe(), error)
        raise _unreachable(spec, error) from error


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
            f"Không dùng được máy in {spec.describe()}: máy tính chưa cài gói «{package}». "
            f"Nhờ cán bộ kỹ thuật cài bằng lệnh: {INSTALL_HINT} (hoặc pip install {package}), "
            "rồi mở lại máy lấy số.",
            f"Cannot use printer {spec.describe()}: the '{package}' package is not installed. "
            f"Install it with: {INSTALL_HINT} (or pip install {package}), then restart.",
            detail=f"python module {module!r} not found",
        )


def _check_paper(printer: Any, spec: PrinterSpec, timeout: float, status_timeout: float,
                 required: bool = False) -> None:
    """Refuse the job when the paper sensor says "no paper", or when it does not answer and an
    answer is ``required``; else print."""
    status = paper_status(printer, spec, timeout, status_timeout)
    if status is None and required:
        raise _silent(spec, f"no answer to the status query within {status_timeout:g} s")
    if status is None:
        log.info("printer %s did not report its paper status; printing anyway", spec.describe())
    elif status == PAPER_OUT:
        raise PrinterError(
            "Máy in hết giấy. Vui lòng thay cuộn giấy mới.",
            "The printer is out of paper. Please load a new roll.",
            detail=f"{spec.describe()}: paper sensor reports no paper",
        )
    elif status == PAPER_LOW:
        log.warning("printer %s: paper roll is nearly finished", spec.describe())


def paper_status(printer: Any, spec: PrinterSpec, timeout: float = 5.0,
                 status_timeout: float = 1.0) -> int | None:
    """PAPER_OK, PAPER_LOW or PAPER_OUT from an open python-escpos printer, or None when it
    gave no answer within ``status_timeout`` (or its connection cannot be read)."""
    answer = _ask(printer, spec, timeout, status_timeout)
    if not answer:
        return None
    byte = answer[0]
    if byte & 0x72 == 0x72:  # python-escpos RT_MASK_NOPAPER
        return PAPER_OUT
    if byte & 0x1E == 0x1E:  # RT_MASK_LOWPAPER
        return PAPER_LOW
    return PAPER_OK


def _ask(printer: Any, spec: PrinterSpec, timeout: float, status_timeout: float) -> bytes:
    """Send DLE EOT 4 and read the answer (b"" when there is none). Writing errors propagate:
    they mean the printer is gone; reading errors only mean "unknown"."""
    if spec.kind == "network":
        sock: socket.socket = printer.device
        sock.settimeout(status_timeout)
        try:
            printer._raw(PAPER_QUERY)
            return bytes(sock.recv(16))
        except TimeoutError:
            return b""
        finally:
            sock.settimeout(timeout)
    if spec.kind == "serial":
        port = printer.device
        previous = port.timeout
        port.timeout = status_timeout
        try:
            port.reset_input_buffer()
            printer._raw(PAPER_QUERY)
            return bytes(port.read(16))
        except OSError as error:
            log.info("serial printer %s: status not read: %r", spec.describe(), error)
            return b""
        finally:
            port.timeout = previous
    if spec.kind == "usb":
        printer._raw(PAPER_QUERY)
        try:
            return bytes(printer.device.read(printer.in_ep, 16,
                                             timeout=max(1, round(status_timeout * 1000))))
        except Exception as error:  # pyusb's USBTimeoutError / USBError: status unknown
            log.info("usb printer %s: status not read: %r", spec.describe(), error)
            return b""
    if spec.kind == "device":
        return _ask_device(printer, spec.target, status_timeout)
    return b""


def _ask_device(printer: Any, path: str, status_timeout: float) -> bytes:
    """A character device (/dev/usb/lp0) answers on a second, read-only descriptor."""
    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return b""  # a plain file or a pipe: nothing to read back
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        log.info("printer device %s cannot be read: %r", path, error)
        return b""
    try:
        _drain(reader)  # an old answer must not be taken for this one
        printer._raw(PAPER_QUERY)
        ready, _, _ = select.select([reader], [], [], status_timeout)
        return os.read(reader, 16) if ready else b""
    except OSError as error:
        log.info("printer device %s: status not read: %r", path, error)
        return b""
    finally:
        os.close(reader)


def _drain(descriptor: int) -> None:
    while select.select([descriptor], [], [], 0)[0]:
        if not os.read(descriptor, 256):
            return


def _confirm_network_delivery(printer: Any, spec: PrinterSpec, timeout: float,
                              required: bool = True) -> None:
    """After the job, ask the printer again and wait up to ``timeout`` for the answer (it comes
    once the printer has read the whole job): a connection it closed (or reset) in the middle
    of the ticket, or silence when an answer is ``required``, fails the job."""
    sock: socket.socket = printer.device
    sock.settimeout(timeout)
    try:
        printer._raw(PAPER_QUERY)
        answer = sock.recv(16)
    except TimeoutError:
        if required:
            raise _silent(spec, f"no answer after the job within {timeout:g} s") from None
        return
    if not answer:
        raise ConnectionError("the printer closed the connection during the job")
    if answer[0] & 0x72 == 0x72:
        log.warning("printer %s ran out of paper during a job", spec.describe())


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


def _silent(spec: PrinterSpec, detail: str) -> PrinterError:
    """A printer that took the connection but does not answer (stalled, jammed, busy)."""
    log.warning("printer %s: %s", spec.describe(), detail)
    return PrinterError(
        f"Không in được: máy in ({spec.describe()}) không trả lời. "
        "Vui lòng kiểm tra nguồn điện, giấy in và nắp máy in.",
        f"Cannot print: the printer ({spec.describe()}) does not answer. "
        "Please check its power, paper and cover.",
        detail=f"{spec.describe()}: {detail}",
    )


def _unreachable(spec: PrinterSpec, error: BaseException) -> PrinterError:
    return PrinterError(
        f"Không in được: máy in ({spec.describe()}) không phản hồi hoặc chưa kết nối. "
        "Vui lòng kiểm tra nguồn điện, dây cáp và giấy in.",
        f"Cannot print: the printer ({spec.describe()}) is not answering or not connected. "
        "Please check its power, cable and paper.",
        detail=f"{spec.describe()}: {error!r}",
    )
