"""The call's words: tests for shared/voice/text.py, letters.py and settings.py."""

from __future__ import annotations

import pytest

from shared.errors import ConfigError
from shared.voice.settings import VoiceSettings
from shared.voice.text import call_phrase

VI_NUMBER = VoiceSettings()
VI_DIGITS = VoiceSettings(ticket_reading="digits")
EN_NUMBER = VoiceSettings(language="en")
EN_DIGITS = VoiceSettings(language="en", ticket_reading="digits")


@pytest.mark.parametrize(("settings", "ticket", "counter", "text"), [
    (VI_NUMBER, "A012", 3,
     "Kính mời công dân có số thứ tự, a, mười hai, đến quầy số ba"),
    (VI_NUMBER, "1012", 12,
     "Kính mời công dân có số thứ tự, một nghìn không trăm mười hai, đến quầy số mười hai"),
    (VI_NUMBER, "B105", 21,
     "Kính mời công dân có số thứ tự, bê, một trăm linh năm, đến quầy số hai mươi mốt"),
    (VI_DIGITS, "A012", 3,
     "Kính mời công dân có số thứ tự, a, không, một, hai, đến quầy số ba"),
    (VI_DIGITS, "1012", 15,
     "Kính mời công dân có số thứ tự, một, không, một, hai, đến quầy số mười lăm"),
    (VI_DIGITS, "C-105", 4,
     "Kính mời công dân có số thứ tự, xê, một, không, năm, đến quầy số bốn"),
    (EN_NUMBER, "A012", 3, "Ticket number, A, twelve, please come to counter three"),
    (EN_NUMBER, "1012", 12,
     "Ticket number, one thousand twelve, please come to counter twelve"),
    (EN_DIGITS, "B105", 2, "Ticket number, B, one, zero, five, please come to counter two"),
])
def test_call_text_in_both_languages_and_reading_modes(
        settings: VoiceSettings, ticket: str, counter: int, text: str) -> None:
    """The call reads the ticket as a number or digit by digit, letters by name, and the
    counter always as a number, in Vietnamese or English."""
    assert call_phrase(ticket, counter, settings).text == text


def test_letters_read_the_vietnamese_way_or_as_configured() -> None:
    """D is "dê" in the alphabet style, "dờ" in the phonic style, or whatever is configured."""
    assert call_phrase("D1", 1, VoiceSettings()).groups[1][0].text == "dê"
    assert call_phrase("D1", 1, VoiceSettings(letter_style="phonic")).groups[1][0].text == "dờ"
    custom = VoiceSettings(letter_names={"d": "đê ngắn"})
    assert call_phrase("D1", 1, custom).groups[1][0].text == "đê ngắn"


def test_counter_names_with_letters_are_spelled_and_their_numbers_read() -> None:
    """Counter "12B" is "mười hai, bê"-style: its number is read as a number even when
    tickets are read digit by digit."""
    phrase = call_phrase("A1", "12B", VI_DIGITS)
    assert phrase.text.endswith("đến quầy số mười hai bê")


def test_each_word_names_its_recorded_clip() -> None:
    """A recorded voice joins clips named after the words: fixed parts, digits, number
    words (muoi_ngang for mươi, lam for lăm, mot for mốt) and letters."""
    phrase = call_phrase("B125", 21, VI_NUMBER)
    assert phrase.clips == (
        ("kinh_moi", "so_thu_tu"), ("b",), ("1", "tram", "2", "muoi_ngang", "lam"),
        ("den_quay_so", "2", "muoi_ngang", "mot"),
    )


def test_a_ticket_without_letters_or_digits_is_refused() -> None:
    """There is nothing to say for an empty ticket number."""
    with pytest.raises(ValueError):
        call_phrase("--", 1, VI_NUMBER)


def test_bad_settings_give_a_vietnamese_config_error() -> None:
    """A wrong setting is a ConfigError with a Vietnamese message, not a crash later."""
    with pytest.raises(ConfigError) as caught:
        VoiceSettings(language="fr")  # type: ignore[arg-type]
    assert "không hợp lệ" in caught.value.message
    with pytest.raises(ConfigError):
        VoiceSettings(engine="clips")
