"""The chime before a call: a two-tone "ding-dong" (E5 then C5, bell-like, about 1.1 s).

``python -m shared.voice.chime [path]`` writes it (default assets/sounds/chime.wav).
"""

from __future__ import annotations

import logging
import math
import sys
from array import array
from pathlib import Path

from shared import paths
from shared.voice.wav import SAMPLE_RATE, pcm_to_wav

log = logging.getLogger(__name__)

CHIME_PATH = paths.SOUNDS_DIR / "chime.wav"

#: (start s, frequency Hz, decay time constant s) of the two strikes.
_STRIKES = ((0.0, 659.25, 0.30), (0.42, 523.25, 0.42))
#: (frequency ratio, amplitude) of a soft bell's partials.
_PARTIALS = ((1.0, 1.0), (2.0, 0.30), (3.0, 0.10), (4.2, 0.05))
_LENGTH = 1.15
_PEAK = 0.55


def make_chime(sample_rate: int = SAMPLE_RATE) -> bytes:
    """The chime as WAV bytes (mono, 16-bit)."""
    count = round(_LENGTH * sample_rate)
    mix = [0.0] * count
    for start, frequency, decay in _STRIKES:
        first = round(start * sample_rate)
        for index in range(first, count):
            elapsed = (index - first) / sample_rate
            attack = min(1.0, elapsed / 0.004)
            envelope = attack * math.exp(-elapsed / decay)
            mix[index] += envelope * sum(
                amplitude * math.sin(2 * math.pi * frequency * ratio * elapsed)
                * math.exp(-elapsed * (ratio - 1) * 2.0)  # upper partials fade faster
                for ratio, amplitude in _PARTIALS
            )
    fade = round(0.06 * sample_rate)
    for index in range(count - fade, count):
        mix[index] *= (count - index) / fade
    peak = max(abs(value) for value in mix) or 1.0
    scale = _PEAK * 32767 / peak
    samples = array("h", (round(value * scale) for value in mix))
    return pcm_to_wav(samples.tobytes(), sample_rate)


def load_chime(path: Path = CHIME_PATH) -> bytes:
    """The chime file's bytes, or a freshly generated chime when the file is missing."""
    try:
        return path.read_bytes()
    except OSError as error:
        log.warning("chime %s unreadable (%s); generating it", path, error)
        return make_chime()


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else CHIME_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(make_chime())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
