"""The announcer: tests for shared/voice/announcer.py, with a fake loudspeaker (absent here)."""

from __future__ import annotations

import time
from pathlib import Path

from shared.voice.announcer import CHIME_GAP, Announcer, Call
from shared.voice.chime import load_chime
from shared.voice.clips import ClipVoice
from shared.voice.numbers import VI_DIGITS
from shared.voice.settings import VoiceSettings
from shared.voice.sink import VoiceStatus
from shared.voice.synth import EspeakSynthesizer
from shared.voice.text import Word, call_phrase
from shared.voice.wav import SAMPLE_RATE, read_pcm, wav_info
from tests.shared.voice.conftest import FakeSpeaker


def test_calls_play_in_order_chime_first_never_overlapping(
        speaker: FakeSpeaker, espeak_vi: EspeakSynthesizer) -> None:
    """Calls said one after the other: each is the chime (with its gap), then the full call;
    a recall is announced again; nothing overlaps."""
    calls = [Call("A001", 1), Call("B002", 2), Call("A001", 1)]  # the last is a recall
    with Announcer(speaker, synthesizer=espeak_vi) as announcer:
        assert announcer.available and announcer.reason == ""
        for call in calls:
            assert announcer.announce(call)
            assert announcer.wait_idle(20)
        assert announcer.played == 3
        assert [heard.call for heard in announcer.heard] == calls
        assert not any(heard.short for heard in announcer.heard)
    assert speaker.overlaps == 0
    assert len(speaker.received) == 6
    chime = read_pcm(load_chime())
    for index, call in enumerate(calls):
        bell = read_pcm(speaker.received[2 * index])
        assert bell.startswith(chime)
        assert len(bell) == len(chime) + 2 * round(CHIME_GAP * SAMPLE_RATE)
        speech = espeak_vi.speak(call_phrase(call.ticket_number, call.counter,
                                             VoiceSettings()))
        assert speaker.received[2 * index + 1] == speech


def test_announce_returns_at_once_while_a_call_plays(espeak_vi: EspeakSynthesizer) -> None:
    """announce() only queues: the GUI thread never waits for synthesis or playback."""
    slow = FakeSpeaker(seconds=0.2)
    try:
        with Announcer(slow, synthesizer=espeak_vi) as announcer:
            started = time.monotonic()
            for number in range(1, 4):
                announcer.announce(Call(f"A{number:03}", number))
            assert time.monotonic() - started < 0.05
            assert announcer.wait_idle(20)
        assert len(slow.received) == 3 and slow.overlaps == 0
    finally:
        slow.join()


def test_without_a_speech_engine_it_stays_silent_and_says_why(
        speaker: FakeSpeaker, tmp_path: Path) -> None:
    """A missing espeak-ng library: available is False, the reason says so, nothing plays."""
    missing = EspeakSynthesizer(library_path=str(tmp_path / "libespeak-ng.so"),
                                data_path=str(tmp_path))
    with Announcer(speaker, synthesizer=missing) as announcer:
        assert not announcer.available
        assert "espeak-ng" in announcer.reason
        assert announcer.status.reason_en
        assert announcer.announce(Call("A001", 1)) is False
        assert announcer.wait_idle(1)
    assert speaker.received == []


def test_without_an_audio_device_it_stays_silent_and_says_why(
        espeak_vi: EspeakSynthesizer) -> None:
    """An unplugged loudspeaker: the sink's reason is the announcer's reason."""
    unplugged = FakeSpeaker(status=VoiceStatus(False, "Không có loa.", "No speaker."))
    with Announcer(unplugged, synthesizer=espeak_vi) as announcer:
        assert not announcer.available and announcer.reason == "Không có loa."
        assert announcer.announce(Call("A001", 1)) is False
    assert unplugged.received == []


def test_a_synthesis_error_is_logged_and_reported_not_raised(
        speaker: FakeSpeaker, tmp_path: Path, espeak_vi: EspeakSynthesizer) -> None:
    """A clip voice missing lăm skips that call, reports why, and recovers on the next."""
    folder = tmp_path / "hoa"
    folder.mkdir()
    words = [word for group in call_phrase("A12", 3, VoiceSettings()).groups for word in group]
    words += [Word(digit, str(index)) for index, digit in enumerate(VI_DIGITS)]
    for word in words:  # every clip a voice needs, but not lam.wav
        (folder / f"{word.clip}.wav").write_bytes(espeak_vi.speak_text(word.text))
    settings = VoiceSettings(engine="clips", clip_voice="hoa")
    with Announcer(speaker, settings, synthesizer=ClipVoice(folder)) as announcer:
        assert announcer.available
        announcer.announce(Call("A15", 3))
        assert announcer.wait_idle(10)
        assert not announcer.available and "lam.wav" in announcer.reason
        announcer.announce(Call("A12", 3))
        assert announcer.wait_idle(10)
        assert announcer.available
    assert len(speaker.received) == 2  # A15 played nothing, not even its chime; A12 both


def test_the_chime_can_be_turned_off(speaker: FakeSpeaker,
                                     espeak_vi: EspeakSynthesizer) -> None:
    """chime=False plays the speech alone."""
    with Announcer(speaker, VoiceSettings(chime=False), synthesizer=espeak_vi) as announcer:
        announcer.announce(Call("A1", 1))
        assert announcer.wait_idle(10)
    speech = espeak_vi.speak(call_phrase("A1", 1, VoiceSettings()))
    assert speaker.received == [speech]


def test_close_drops_queued_calls_and_ends_the_worker(espeak_vi: EspeakSynthesizer) -> None:
    """Closing while calls wait stops promptly, plays nothing more, and leaves no thread."""
    slow = FakeSpeaker(seconds=5)
    announcer = Announcer(slow, synthesizer=espeak_vi)
    for number in range(5):
        announcer.announce(Call(f"A{number}", 1))
    started = time.monotonic()
    announcer.close()
    slow.join()
    assert time.monotonic() - started < 2
    assert not announcer.is_running
    assert len(slow.received) <= 1
    assert announcer.announce(Call("A9", 1)) is False


def test_a_burst_is_said_short_after_one_chime_and_none_is_dropped(
        espeak_vi: EspeakSynthesizer) -> None:
    """Calls waiting behind the one being said are all said, in order, short and without
    the chime ("a hai, quầy hai"); the one playing is not cut."""
    slow = FakeSpeaker(seconds=0.15)
    try:
        with Announcer(slow, synthesizer=espeak_vi) as announcer:
            announcer.announce(Call("A1", 1))
            deadline = time.monotonic() + 5
            while not slow.received and time.monotonic() < deadline:
                time.sleep(0.01)
            for number in range(2, 12):
                announcer.announce(Call(f"A{number}", number))
            assert announcer.wait_idle(30)
            heard = list(announcer.heard)
        assert [item.call.ticket_number for item in heard] == [f"A{n}" for n in range(1, 12)]
        assert all(item.short for item in heard)  # A1's phrase was chosen after the chime
        assert len(slow.received) == 12  # one chime, eleven short calls
        assert slow.overlaps == 0
    finally:
        slow.join()


def test_one_real_call_rendered_to_a_file_has_a_plausible_length(
        espeak_vi: EspeakSynthesizer) -> None:
    """The full announcement (chime + Vietnamese call) lasts a few seconds."""
    with Announcer(FakeSpeaker(), synthesizer=espeak_vi) as announcer:
        wav = announcer.render(Call("A012", 3))
    Path("/tmp/call.wav").write_bytes(wav)
    assert 4.0 < wav_info(wav).duration < 11.0
