"""The board's voice: the config's [voice] section turned into an Announcer on the Qt sink.

With ``engine = "none"`` there is no announcer (the mark says the voice is off); without a
speech engine or an audio device the announcer stays silent and reports why.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from shared.config import VoiceSettings as VoiceConfig
from shared.errors import LaysoError
from shared.voice import Announcer, AudioSink, Call
from shared.voice.call_audio import voice_settings  # the browser board's too

log = logging.getLogger(__name__)


def make_announcer(config: VoiceConfig, sink: AudioSink | None = None,
                   parent: QObject | None = None) -> Announcer | None:
    """An Announcer on ``sink`` (default: the Qt audio sink), or None if turned off or the
    settings are wrong (logged; the board keeps working silently)."""
    try:
        settings = voice_settings(config)
    except LaysoError as error:
        log.error("voice call disabled by its settings: %s", error.message_en)
        return None
    if settings is None:
        log.info("voice call turned off in the settings")
        return None
    if sink is None:
        from shared.ui.audio import QtAudioSink

        sink = QtAudioSink(parent)
    announcer = Announcer(sink, settings)
    if not announcer.available:
        log.warning("voice calls will be silent: %s", announcer.status.reason_en)
    return announcer


class VoiceRelay(QObject):
    """Brings the announcer's "this call begins to sound" (told on its worker thread) to the
    GUI thread, so the banner shows the call being heard, not the newest one."""

    started = Signal(object)

    def attach(self, announcer: Announcer) -> None:
        announcer.on_start = self._on_start

    def _on_start(self, call: Call) -> None:
        self.started.emit(call)  # queued to the relay's (GUI) thread
