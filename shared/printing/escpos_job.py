"""Images → the ESC/POS byte stream a thermal printer prints: init, then image + cut per part.

The bytes are built once with python-escpos's ``Dummy`` printer; every connection then sends
the same bytes, so what a test renders is what a printer gets.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from PIL import Image

# python-escpos is imported where it is used: loading its capability database takes about half
# a second, which the kiosk should not pay before its home screen (printing runs on a worker).


def printer_profile(width_dots: int) -> Any:
    """The default ESC/POS profile (full cut, raster images) with the paper's width in dots.

    python-escpos checks images against it (and complains on stdout when it is unknown).
    """
    from escpos.capabilities import Profile, get_profile_class

    default = get_profile_class("default")
    profile = Profile(features=dict(default.profile_data["features"]))
    data = copy.deepcopy(default.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": round(width_dots / 8), "pixels": width_dots}}
    profile.profile_data = data
    return profile


def escpos_bytes(parts: Sequence[Image.Image], width_dots: int) -> bytes:
    """Init, then each image followed by a feed and a full cut."""
    from escpos.printer import Dummy

    printer = Dummy(profile=printer_profile(width_dots))
    printer.hw("INIT")
    for image in parts:
        if image.width > width_dots:
            raise ValueError(f"image is {image.width} dots wide, the paper {width_dots}")
        printer.image(image, impl="bitImageRaster")
        printer.cut()
    data: bytes = printer.output
    printer.close()
    return data
