"""The Qt audio sink: tests for shared/ui/audio.py. This machine has no audio device."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from shared.ui.audio import NO_DEVICE, QtAudioSink, call_format, device_status
from shared.voice.announcer import Announcer, Call
from shared.voice.synth import EspeakSynthesizer
from shared.voice.wav import pcm_to_wav, silence


@pytest.fixture
def no_audio_output(qapp: QApplication) -> None:
    """Skip unless this machine has no audio output (the normal case on CI and here)."""
    if not QMediaDevices.defaultAudioOutput().isNull():
        pytest.skip("this machine has an audio output")


@pytest.fixture
def audio_output(qapp: QApplication) -> None:
    """Skip unless this machine has an audio output (a display PC, or a PulseAudio null sink:
    ``pulseaudio -n -L module-null-sink -L module-native-protocol-unix ...``)."""
    if QMediaDevices.defaultAudioOutput().isNull():
        pytest.skip("needs an audio output device")


def test_without_an_audio_device_the_sink_reports_unavailable(no_audio_output: None) -> None:
    """No default audio output: status is unavailable with a Vietnamese and English reason."""
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
        no_audio_output: None, qtbot: QtBot) -> None:
    """play() on an unavailable sink calls on_done straight away; stop() is harmless."""
    sink = QtAudioSink()
    done = threading.Event()
    sink.play(pcm_to_wav(silence(0.2)), done.set)
    assert done.is_set()
    sink.stop()
    qtbot.wait(10)  # let the queued stop run
    sink.deleteLater()


def test_the_announcer_on_the_qt_sink_stays_silent_with_the_reason(
        no_audio_output: None, tmp_path: Path) -> None:
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
    assert not announcer.is_running


def test_with_a_device_play_from_another_thread_reports_done_after_the_sound(
        audio_output: None, qtbot: QtBot) -> None:
    """On a real output (e.g. a PulseAudio null sink), play() called from the announcer's
    thread returns at once, and on_done comes only after the sound has been played."""
    sink = QtAudioSink()
    assert sink.status.available, sink.status.reason_en
    done = threading.Event()
    started = time.monotonic()
    thread = threading.Thread(target=sink.play, args=(pcm_to_wav(silence(0.5)), done.set))
    thread.start()
    thread.join()
    assert time.monotonic() - started < 0.2 and not done.is_set()
    qtbot.waitUntil(done.is_set, timeout=5000)
    assert time.monotonic() - started >= 0.5
    sink.deleteLater()
