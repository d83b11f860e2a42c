"""How a center wants numbers called: language, reading style, engine and voice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from shared.errors import ConfigError
from shared.voice.numbers import VietnameseNumberStyle

Language = Literal["vi", "en"]
TicketReading = Literal["number", "digits"]
LetterStyle = Literal["alphabet", "phonic"]
Engine = Literal["espeak", "clips"]
Fallback = Literal["espeak", "none"]


@dataclass(frozen=True)
class VoiceSettings:
    """The voice call's settings.

    ``ticket_reading``: "number" reads A012 as "a, mười hai"; "digits" as "a, không, một,
    hai". ``letter_style``: "alphabet" reads B as "bê", "phonic" as "bờ"; ``letter_names``
    overrides single letters ({"F": "ép"}). ``engine``: "espeak" synthesises, "clips" joins
    the recorded clips in assets/voice/<clip_voice>/. ``espeak_voice`` defaults to the
    language ("vi" or "en"); ``rate`` is in words per minute. ``cache_mb`` bounds the disk
    cache of synthesised phrases (the least recently used files are removed first).
    """

    language: Language = "vi"
    ticket_reading: TicketReading = "number"
    number_style: VietnameseNumberStyle = field(default_factory=VietnameseNumberStyle)
    letter_style: LetterStyle = "alphabet"
    letter_names: Mapping[str, str] = field(default_factory=dict)
    engine: Engine = "espeak"
    espeak_voice: str = ""
    clip_voice: str = ""
    rate: int = 140
    chime: bool = True
    cache_mb: int = 200
    repeat: int = 1
    fallback: Fallback = "espeak"
    max_delay: float = 15.0
    rate_max: int = 300

    def __post_init__(self) -> None:
        choices: tuple[tuple[str, str, tuple[str, ...]], ...] = (
            ("language", self.language, ("vi", "en")),
            ("ticket_reading", self.ticket_reading, ("number", "digits")),
            ("letter_style", self.letter_style, ("alphabet", "phonic")),
            ("engine", self.engine, ("espeak", "clips")),
            ("fallback", self.fallback, ("espeak", "none")),
        )
        for name, value, allowed in choices:
            if value not in allowed:
                raise ConfigError(
                    f"Cài đặt giọng đọc “{name}” = “{value}” không hợp lệ; chọn một trong: "
                    f"{', '.join(allowed)}.",
                    f"Voice setting “{name}” = “{value}” is invalid; choose one of: "
                    f"{', '.join(allowed)}.",
                )
        if not 80 <= self.rate <= 400:
            raise ConfigError(
                f"Tốc độ đọc {self.rate} không hợp lệ (80–400 từ/phút).",
                f"Speech rate {self.rate} is invalid (80–400 words per minute).",
            )
        if not 1 <= self.repeat <= 3:
            raise ConfigError(
                f"Số lần đọc lại số {self.repeat} không hợp lệ (1–3).",
                f"Call repeat {self.repeat} is invalid (1–3).",
            )
        if not 5 <= self.max_delay <= 120:
            raise ConfigError(
                f"Độ trễ tối đa của giọng đọc {self.max_delay} giây không hợp lệ (5–120).",
                f"Voice maximum delay {self.max_delay} s is invalid (5–120).",
            )
        if not 80 <= self.rate_max <= 400:
            raise ConfigError(
                f"Tốc độ đọc tối đa {self.rate_max} không hợp lệ (80–400 từ/phút).",
                f"Maximum speech rate {self.rate_max} is invalid (80–400 wpm).",
            )
        if self.cache_mb < 1:
            raise ConfigError(
                f"Dung lượng bộ nhớ đệm giọng đọc {self.cache_mb} MB không hợp lệ (> 0).",
                f"Voice cache size {self.cache_mb} MB is invalid (must be > 0).",
            )
        if self.engine == "clips" and not self.clip_voice:
            raise ConfigError(
                "Chọn giọng ghi âm sẵn (thư mục trong assets/voice/) khi dùng engine “clips”.",
                "Name the recorded voice (a folder in assets/voice/) to use engine “clips”.",
            )
        for letter in self.letter_names:
            if len(letter) != 1:
                raise ConfigError(
                    f"Tên chữ cái “{letter}” phải là một chữ cái.",
                    f"Letter name key “{letter}” must be a single letter.",
                )

    @property
    def synth_voice(self) -> str:
        """The espeak-ng voice to use: the setting, or the language's own."""
        return self.espeak_voice or self.language
