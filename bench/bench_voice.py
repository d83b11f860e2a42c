"""Call-to-voice delay of the wall's announcer under bursts of calls.

Real espeak-ng synthesis (Vietnamese, the default settings: rate 140, rate_max 280,
max_delay 15 s), the real chime; a loudspeaker that takes each WAV for its real length (no
audio device needed). Each burst: ``--calls`` calls in ``--seconds`` seconds to distinct
counters (A012, A013, … to counters 1, 2, …), then silence until all are said. Prints JSON:
the delay from a call being made to its first sound (chime or speech), p50 / p95 / max over
all calls, the worst per burst, and how many were said short and at what rates.

    .venv/bin/python -m bench.bench_voice [--bursts 3] [--calls 15] [--seconds 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from shared.voice.announcer import Announcer, Call
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer
from shared.voice.wav import wav_info


class RealLengthSink:
    """Plays nothing; each WAV takes its real duration."""

    def __init__(self) -> None:
        self._stop = threading.Event()

    @property
    def status(self) -> VoiceStatus:
        return AVAILABLE

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        seconds = wav_info(wav).duration

        def finish() -> None:
            self._stop.wait(seconds)
            on_done()

        threading.Thread(target=finish, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bursts", type=int, default=3)
    parser.add_argument("--calls", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--cold", action="store_true",
                        help="a new synthesis cache per burst (nothing said before)")
    args = parser.parse_args(argv)
    delays: list[float] = []
    worst: list[float] = []
    rates: dict[int, int] = {}
    short = 0
    with tempfile.TemporaryDirectory(prefix="layso-bench-voice-") as folder:
        for burst in range(args.bursts):
            cache = Path(folder) / (f"cache{burst}" if args.cold else "cache")
            sink = RealLengthSink()
            synth = EspeakSynthesizer("vi", 140, cache_dir=cache)
            with Announcer(sink, VoiceSettings(), synthesizer=synth) as announcer:
                for index in range(args.calls):
                    announcer.announce(Call(f"A{12 + index:03}", index + 1))
                    time.sleep(args.seconds / args.calls)
                announcer.wait_idle(120)
                heard = list(announcer.heard)
            sink.stop()
            if len(heard) != args.calls:
                raise SystemExit(f"burst {burst}: {len(heard)} of {args.calls} heard")
            burst_delays = [item.delay for item in heard]
            delays += burst_delays
            worst.append(round(max(burst_delays), 2))
            for item in heard:
                short += item.short
                rates[item.rate] = rates.get(item.rate, 0) + 1
    result: dict[str, object] = {
        "bench": "voice",
        "calls_per_burst": args.calls, "burst_seconds": args.seconds, "bursts": args.bursts,
        "delay_s_p50": round(statistics.median(delays), 2),
        "delay_s_p95": round(_percentile(delays, 0.95), 2),
        "delay_s_max": round(max(delays), 2),
        "worst_per_burst_s": worst,
        "said_short": short, "said": len(delays),
        "rates_wpm": dict(sorted(rates.items())),
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
