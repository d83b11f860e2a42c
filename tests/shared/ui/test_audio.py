"""The Qt audio sink: tests for shared/ui/audio.py. This machine has no audio device."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtMultimedia import QAudioDevice, QMediaDevices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from shared.ui.audio import NO_DEVICE, QtAudioSink, call_format, device_status
from shared.voice.announcer import Announcer, Call
from shared.voice.synth import EspeakSynthesizer
from shared.voice.wav import pcm_to_wav, silence


def test_without_an_audio_device_the_sink_reports_unavailable(qapp: QApplication) -> None:
    """No default audio output: status is unavailable with a Vietnamese and English reason."""
    assert QMediaDevices.defaultAudioOutput().isNull()  # the premise on this machine
    sink = QtAudioSink()
    try:
        assert not sink.status.available
        assert sink.status == NO_DEVICE
        assert "thiết bị" in sink.status.reason and sink.status.reason_en
        assert sink.device_name == ""
    finally:
        sink.deleteLater()


def test_a_null_device_is_reported_the_same_way(qapp: QApplication) -> None:
    """An explicitly given device that is absent is no device."""
    assert device_status(QAudioDevice()) == NO_DEVICE
    assert call_format().sampleRate() == 22050 and call_format().channelCount() == 1


def test_playing_without_a_device_finishes_at_once_without_crashing(
        qapp: QApplication, qtbot: QtBot) -> None:
    """play() on an unavailable sink calls on_done straight away; stop() is harmless."""
    sink = QtAudioSink()
    done = threading.Event()
    sink.play(pcm_to_wav(silence(0.2)), done.set)
    assert done.is_set()
    sink.stop()
    qtbot.wait(10)  # let the queued stop run
    sink.deleteLater()


def test_the_announcer_on_the_qt_sink_stays_silent_with_the_reason(
        qapp: QApplication, tmp_path: Path) -> None:
    """The wall display's announcer without speakers: unavailable, reason from the sink,
    announce() returns False, no crash and no thread left behind."""
    sink = QtAudioSink()
    espeak = EspeakSynthesizer("vi", cache_dir=tmp_path)
    announcer = Announcer(sink, synthesizer=espeak)
    try:
        assert not announcer.available
        assert announcer.reason == NO_DEVICE.reason
        assert announcer.announce(Call("A012", 3)) is False
    finally:
        announcer.close()
        sink.deleteLater()
    assert not announcer._worker.is_alive()
