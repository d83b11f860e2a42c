"""``python -m server [--host H] [--port P]``: the web service, exactly as ``layso serve``
(the same options, messages, logging and exit statuses)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from shared.cli.main import main as layso

    return layso(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
