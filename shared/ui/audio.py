"""The Qt audio sink: plays announcement WAVs through QtMultimedia's QAudioSink.

``play`` may be called from any thread (the announcer's worker): it hands the sound to this
object's thread with a queued signal and returns at once; ``on_done`` is called when the
sound has drained, failed, or was stopped. Without an audio output the sink reports
unavailable with the reason, and ``play`` just calls ``on_done``.

The end of a sound is found by polling ``QAudioSink.state()`` every 50 ms rather than with
its ``stateChanged`` signal: PySide6 6.12 cannot convert that signal's ``QAudio::State``
argument ("Cannot call meta function ... cannot be converted"), so the slot never runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices

try:  # Qt 6.7+ names the namespace QtAudio; QAudio before
    from PySide6.QtMultimedia import QtAudio
except ImportError:  # pragma: no cover - older PySide6
    from PySide6.QtMultimedia import QAudio as QtAudio  # type: ignore[assignment]

from shared.errors import LaysoError
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.wav import SAMPLE_RATE, read_pcm

log = logging.getLogger(__name__)

NO_DEVICE = VoiceStatus(
    False, "Không có thiết bị phát âm thanh (loa).", "No audio output device (speaker)."
)
POLL_MS = 50
UNSUPPORTED = VoiceStatus(
    False,
    "Thiết bị âm thanh không phát được định dạng 22050 Hz, mono, 16-bit.",
    "The audio device cannot play 22050 Hz mono 16-bit sound.",
)


def call_format() -> QAudioFormat:
    """The announcements' format: 22050 Hz, mono, signed 16-bit."""
    audio_format = QAudioFormat()
    audio_format.setSampleRate(SAMPLE_RATE)
    audio_format.setChannelCount(1)
    audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return audio_format


def device_status(device: QAudioDevice) -> VoiceStatus:
    """Whether ``device`` can play the announcements, and why not."""
    if device.isNull():
        return NO_DEVICE
    if not device.isFormatSupported(call_format()):
        return UNSUPPORTED
    return AVAILABLE


class QtAudioSink(QObject):
    """An AudioSink (shared.voice.sink) on the default audio output, or on ``device``."""

    _play_requested = Signal(object, object)
    _stop_requested = Signal()

    def __init__(self, parent: QObject | None = None, device: QAudioDevice | None = None) -> None:
        super().__init__(parent)
        self._follow_default = device is None
        self._media_devices = QMediaDevices(self)
        self._device = QMediaDevices.defaultAudioOutput() if device is None else device
        self._status = device_status(self._device)
        self._output: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._on_done: Callable[[], None] | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        queued = Qt.ConnectionType.QueuedConnection
        self._play_requested.connect(self._on_play_requested, queued)
        self._stop_requested.connect(self._on_stop_requested, queued)
        self._media_devices.audioOutputsChanged.connect(self._on_outputs_changed)
        if not self._status.available:
            log.info("audio sink unavailable: %s", self._status.reason_en)

    @property
    def status(self) -> VoiceStatus:
        return self._status

    @property
    def device_name(self) -> str:
        """The output device's description ("" without one)."""
        return str(self._device.description())

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        """Start playing ``wav`` (from any thread); ``on_done`` follows when it has ended."""
        if not self._status.available:
            on_done()
            return
        self._play_requested.emit(wav, on_done)

    def stop(self) -> None:
        """Stop what is playing (from any thread)."""
        self._stop_requested.emit()

    def _on_outputs_changed(self) -> None:
        if self._follow_default:
            self._device = QMediaDevices.defaultAudioOutput()
            self._status = device_status(self._device)
            log.info("audio output now %r: %s", self.device_name,
                     self._status.reason_en or "available")

    def _on_play_requested(self, wav: bytes, on_done: Callable[[], None]) -> None:
        self._finish()  # never two sounds at once
        self._on_done = on_done
        try:
            pcm = read_pcm(wav)
        except LaysoError as error:
            log.error("cannot play a sound: %s (%s)", error.message_en, error.detail)
            self._finish()
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pcm))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._output = QAudioSink(self._device, call_format(), self)
        self._output.start(self._buffer)
        if self._output.error() != QtAudio.Error.NoError:
            log.error("audio output failed to start: %s", self._output.error())
            self._finish()
            return
        self._poll.start()

    def _on_poll_timeout(self) -> None:
        output, buffer = self._output, self._buffer
        if output is None or buffer is None:
            self._poll.stop()
            return
        state = output.state()
        drained = state == QtAudio.State.IdleState and buffer.atEnd()
        if drained or state == QtAudio.State.StoppedState:
            if output.error() != QtAudio.Error.NoError:
                log.error("audio output stopped: %s", output.error())
            self._finish()

    def _on_stop_requested(self) -> None:
        self._finish()

    def _finish(self) -> None:
        """Release the output and buffer, then report done (once)."""
        output, buffer, on_done = self._output, self._buffer, self._on_done
        self._output = self._buffer = None
        self._on_done = None
        self._poll.stop()
        if output is not None:
            output.stop()
            output.deleteLater()
        if buffer is not None:
            buffer.close()
            buffer.deleteLater()
        if on_done is not None:
            on_done()
