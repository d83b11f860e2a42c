"""``python -m server [--host H] [--port P]``: the web service (same as ``layso serve``)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layso serve",
                                     description="Máy chủ web LấySố (LAN web service)")
    parser.add_argument("--host", help="địa chỉ lắng nghe (0.0.0.0 cho cả mạng LAN)")
    parser.add_argument("--port", type=int, help="cổng (mặc định 8080)")
    args = parser.parse_args(argv)
    from server.run import serve
    from shared.config import load_settings
    from shared.logs import setup_logging

    setup_logging("server", verbose=False, console=True)
    serve(load_settings(), args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
