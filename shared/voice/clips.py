"""A recorded voice: a center's own clips under assets/voice/<name>/, joined into a call.

Each word of a phrase names its clip (``Word.clip`` + ".wav"): the fixed parts
(kinh_moi.wav, so_thu_tu.wav, den_quay_so.wav), digits 0.wav … 9.wav, number words
(muoi.wav, tram.wav, ...) and letters (a.wav, b.wav, ...). See assets/voice/README.md.
Clips in another rate or in stereo are converted; other formats are refused clearly.
"""

from __future__ import annotations

import threading
from pathlib import Path

from shared import paths
from shared.errors import LaysoError
from shared.voice.errors import VoiceUnavailable
from shared.voice.text import EN_TICKET, EN_TO_COUNTER, LEAD_IN, TICKET, TO_COUNTER, Phrase
from shared.voice.wav import pcm_to_wav, read_pcm, silence

#: The clips a voice must have to say any call in its language.
REQUIRED_CLIPS = {
    "vi": (LEAD_IN[0], TICKET[0], TO_COUNTER[0], *(str(digit) for digit in range(10))),
    "en": (EN_TICKET[0], EN_TO_COUNTER[0], *(str(digit) for digit in range(10))),
}

WORD_GAP = 0.04
GROUP_GAP = 0.22


class ClipVoice:
    """Speaks a phrase by joining recorded WAV clips from ``folder``."""

    def __init__(self, folder: Path, language: str = "vi") -> None:
        self.folder = folder
        self.language = language
        self._pcm: dict[str, bytes] = {}
        self._lock = threading.Lock()

    @classmethod
    def named(cls, name: str, language: str = "vi") -> ClipVoice:
        """The voice in ``assets/voice/<name>/``."""
        return cls(paths.VOICE_DIR / name, language)

    def _missing(self, clip: str) -> VoiceUnavailable:
        return VoiceUnavailable(
            f"Giọng ghi âm “{self.folder.name}” thiếu tệp {clip}.wav.",
            f"Recorded voice “{self.folder.name}” lacks the file {clip}.wav.",
            detail=str(self.folder / f"{clip}.wav"),
        )

    def check(self) -> None:
        if not self.folder.is_dir():
            raise VoiceUnavailable(
                f"Không tìm thấy thư mục giọng ghi âm “{self.folder.name}”.",
                f"The recorded voice folder “{self.folder.name}” was not found.",
                detail=str(self.folder),
            )
        for clip in REQUIRED_CLIPS.get(self.language, ()):
            if not (self.folder / f"{clip}.wav").is_file():
                raise self._missing(clip)

    def clip_pcm(self, clip: str) -> bytes:
        """One clip's samples at 22050 Hz mono 16-bit (read once, then kept in memory)."""
        with self._lock:
            if clip in self._pcm:
                return self._pcm[clip]
        path = self.folder / f"{clip}.wav"
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise self._missing(clip) from error
        except OSError as error:
            raise VoiceUnavailable(
                f"Không đọc được tệp {path.name} của giọng “{self.folder.name}”.",
                f"Cannot read {path.name} of voice “{self.folder.name}”.", detail=str(error),
            ) from error
        try:
            pcm = read_pcm(data, path.name)
        except LaysoError as error:
            error.detail = f"{path}: {error.detail}"
            raise
        with self._lock:
            self._pcm[clip] = pcm
        return pcm

    def speak(self, phrase: Phrase) -> bytes:
        groups = [
            silence(WORD_GAP).join(self.clip_pcm(clip) for clip in group)
            for group in phrase.clips
        ]
        return pcm_to_wav(silence(GROUP_GAP).join(groups))
