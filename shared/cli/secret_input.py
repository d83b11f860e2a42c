"""Passwords and PINs for ``layso clerk …``: asked at a prompt (not echoed, typed twice) or
read from standard input (``--password-stdin``: the password on the first line, a PIN on the
next), never taken from the command line, where the shell's history, ``ps`` and the logs
would keep them. ``--password``/``--pin`` with a value are refused with a clear message.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from shared.errors import InvalidOperation

ON_ARGV = InvalidOperation(
    "Không nhận mật khẩu hay mã PIN trên dòng lệnh (lịch sử lệnh, danh sách tiến trình và tệp "
    "log sẽ lưu lại): bỏ giá trị đó để layso hỏi, hoặc dùng --password-stdin.",
    "Passwords and PINs are not taken on the command line (the shell history, the process "
    "list and the logs would keep them): leave the value out to be asked, or use "
    "--password-stdin.")


def add_options(parser: argparse.ArgumentParser, *, pin_option: bool = True) -> None:
    """``--password-stdin``, ``--with-pin`` (a PIN too) and the refused ``--password X`` /
    ``--pin X``."""
    parser.add_argument(
        "--password-stdin", action="store_true",
        help="đọc mật khẩu từ đầu vào chuẩn (dòng 1; mã PIN ở dòng 2 nếu có --with-pin) "
             "thay vì hỏi")
    if pin_option:
        parser.add_argument("--with-pin", action="store_true",
                            help="đặt cả mã PIN (4-8 chữ số) để đăng nhập nhanh ở quầy")
    parser.add_argument("--password", dest="password_on_argv", help=argparse.SUPPRESS)
    parser.add_argument("--pin", dest="pin_on_argv", help=argparse.SUPPRESS)


def read_secrets(args: argparse.Namespace, *, password: bool,
                 pin: bool) -> tuple[str | None, str | None]:
    """The password and/or PIN asked for, from standard input (``--password-stdin``) or a
    prompt. InvalidOperation when one was put on the command line, is missing, or the two
    typings differ."""
    if getattr(args, "password_on_argv", None) is not None or \
            getattr(args, "pin_on_argv", None) is not None:
        raise ON_ARGV
    wanted = [name for name, wanted in (("password", password), ("pin", pin)) if wanted]
    if args.password_stdin:
        lines = sys.stdin.read().splitlines()
        if len(lines) < len(wanted) or any(not line for line in lines[:len(wanted)]):
            said = "mật khẩu và mã PIN (hai dòng)" if len(wanted) == 2 else _label(wanted[0])
            raise InvalidOperation(f"Thiếu {said} ở đầu vào chuẩn.",
                                   f"Missing {' and '.join(wanted)} on standard input.")
        values = dict(zip(wanted, lines, strict=False))
    else:
        if not sys.stdin.isatty():
            raise InvalidOperation(
                "Cần nhập mật khẩu: chạy lệnh trong cửa sổ dòng lệnh, hoặc dùng "
                "--password-stdin.",
                "A password is needed: run the command in a terminal, or use "
                "--password-stdin.")
        values = {name: _ask(name) for name in wanted}
    return values.get("password"), values.get("pin")


def _label(name: str) -> str:
    return "mật khẩu" if name == "password" else "mã PIN"


def _ask(name: str) -> str:
    label = _label(name)
    first = getpass.getpass(f"{label.capitalize()} mới: ")
    if getpass.getpass(f"Nhập lại {label}: ") != first:
        raise InvalidOperation(f"Hai lần nhập {label} không khớp nhau.",
                               f"The two {name}s typed differ.")
    return first
