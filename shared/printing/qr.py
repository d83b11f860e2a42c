"""QR codes as crisp 1-bit Pillow images with whole-pixel modules (scanners dislike blur)."""

from __future__ import annotations

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_image(payload: str, target_px: int) -> Image.Image:
    """A QR code for ``payload`` at most ``target_px`` wide, each module a whole number of pixels.

    The quiet zone is included, so the image can be placed on white without extra margin.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    modules = code.modules_count + 2 * QUIET_ZONE
    code.box_size = max(1, target_px // modules)
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("1")
