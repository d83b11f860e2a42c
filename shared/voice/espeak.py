"""A thin ctypes driver for libespeak-ng (shipped by the pip package ``espeakng-loader``).

libespeak-ng keeps global state, so one process has one engine: every call goes through
``_LOCK``. Synthesis runs in synchronous mode; the PCM samples (mono, 16-bit, at the rate
``espeak_Initialize`` returns, 22050 Hz) are collected through the synth callback.
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

from shared.voice.errors import VoiceUnavailable

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_EE_OK = 0
#: espeak-ng's volume (0–200; 100 is its default, which touches full scale and clips).
VOLUME = 85

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_LOCK = threading.Lock()
_library: ctypes.CDLL | None = None
_library_path: str = ""
_sample_rate: int = 0


def default_paths() -> tuple[str, str]:
    """The library and data paths of the installed ``espeakng-loader`` package."""
    try:
        import espeakng_loader
    except ImportError as error:
        raise VoiceUnavailable(
            "Chưa cài bộ tổng hợp giọng nói espeak-ng (gói espeakng-loader).",
            "The espeak-ng speech engine (package espeakng-loader) is not installed.",
            detail=str(error),
        ) from error
    return str(espeakng_loader.get_library_path()), str(espeakng_loader.get_data_path())


def _load(library_path: str, data_path: str) -> ctypes.CDLL:
    """Load and initialise the library once per process (caller holds ``_LOCK``)."""
    global _library, _library_path, _sample_rate
    if not Path(library_path).is_file():
        raise VoiceUnavailable(
            "Không tìm thấy thư viện espeak-ng để đọc số.",
            "The espeak-ng library to speak numbers was not found.",
            detail=library_path,
        )
    if _library is not None:
        if library_path != _library_path:
            raise VoiceUnavailable(
                "Bộ tổng hợp giọng nói đã được nạp từ một thư viện khác.",
                "The speech engine is already loaded from another library.",
                detail=f"{_library_path} != {library_path}",
            )
        return _library
    try:
        library = ctypes.CDLL(library_path)
    except OSError as error:
        raise VoiceUnavailable(
            "Không nạp được thư viện espeak-ng.", "Cannot load the espeak-ng library.",
            detail=str(error),
        ) from error
    library.espeak_Initialize.restype = ctypes.c_int
    library.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    library.espeak_SetSynthCallback.restype = None
    library.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    library.espeak_SetVoiceByName.restype = ctypes.c_int
    library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    library.espeak_SetParameter.restype = ctypes.c_int
    library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    library.espeak_Synth.restype = ctypes.c_int
    library.espeak_Synth.argtypes = [
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]
    library.espeak_Synchronize.restype = ctypes.c_int
    rate = library.espeak_Initialize(
        _AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode("utf-8"), 0
    )
    if rate <= 0:
        raise VoiceUnavailable(
            "Không khởi động được bộ tổng hợp giọng nói espeak-ng.",
            "The espeak-ng speech engine failed to start.",
            detail=f"espeak_Initialize returned {rate} (data path {data_path})",
        )
    library.espeak_SetSynthCallback(_CALLBACK)
    _library, _library_path, _sample_rate = library, library_path, rate
    return library


_chunks: list[bytes] = []


def _collect(samples: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
    if count > 0:
        _chunks.append(ctypes.string_at(samples, count * 2))
    return 0  # 0 = go on synthesising


_CALLBACK = _SynthCallback(_collect)


def _resolve(library_path: str, data_path: str) -> tuple[str, str]:
    if library_path and data_path:
        return library_path, data_path
    default_library, default_data = default_paths()
    return library_path or default_library, data_path or default_data


def _set_voice(library: ctypes.CDLL, voice: str) -> None:
    if library.espeak_SetVoiceByName(voice.encode("utf-8")) != _EE_OK:
        raise VoiceUnavailable(
            f"Không có giọng đọc “{voice}” trong espeak-ng.",
            f"espeak-ng has no voice “{voice}”.",
        )


def check_voice(voice: str, library_path: str = "", data_path: str = "") -> None:
    """Load the engine and select ``voice``; VoiceUnavailable when either is missing."""
    library_path, data_path = _resolve(library_path, data_path)
    with _LOCK:
        _set_voice(_load(library_path, data_path), voice)


def synthesize(text: str, voice: str, rate_wpm: int,
               library_path: str = "", data_path: str = "") -> tuple[bytes, int]:
    """Speak ``text`` with ``voice`` (e.g. "vi", "en"): returns (PCM 16-bit mono, sample rate).

    Raises VoiceUnavailable when the library, its data or the voice is missing.
    """
    library_path, data_path = _resolve(library_path, data_path)
    with _LOCK:
        library = _load(library_path, data_path)
        _set_voice(library, voice)
        library.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
        library.espeak_SetParameter(_PARAM_VOLUME, VOLUME, 0)
        encoded = text.encode("utf-8") + b"\0"
        _chunks.clear()
        result = library.espeak_Synth(
            encoded, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        library.espeak_Synchronize()
        pcm = b"".join(_chunks)
        _chunks.clear()
    if result != _EE_OK or not pcm:
        raise VoiceUnavailable(
            "Bộ tổng hợp giọng nói không tạo được âm thanh.",
            "The speech engine produced no sound.",
            detail=f"espeak_Synth returned {result} for {text!r}",
        )
    return pcm, _sample_rate
