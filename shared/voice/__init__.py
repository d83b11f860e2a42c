"""The voice call: "Kính mời công dân có số thứ tự A012 đến quầy số 3", chime first.

Use ``Announcer(sink, settings).announce(Call("A012", 3))``; the Qt sink is
``shared.ui.audio.QtAudioSink``. No Qt here.
"""

from shared.voice.announcer import Announcer, Call
from shared.voice.errors import ClipFormatError, VoiceUnavailable
from shared.voice.numbers import VietnameseNumberStyle, number_words
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AudioSink, BlockingSink, VoiceStatus
from shared.voice.synth import EspeakSynthesizer, Synthesizer, make_synthesizer
from shared.voice.text import Phrase, Word, call_phrase

__all__ = [
    "Announcer", "AudioSink", "BlockingSink", "Call", "ClipFormatError", "EspeakSynthesizer",
    "Phrase", "Synthesizer", "VietnameseNumberStyle", "VoiceSettings", "VoiceStatus",
    "VoiceUnavailable", "Word", "call_phrase", "make_synthesizer", "number_words",
]
