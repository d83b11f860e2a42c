"""A reprinted ticket says what is true when it is reprinted: the wait for a waiting ticket,
the counter for a called one, the end for a finished / skipped / cancelled one, and that it
is a reprint ("IN LẠI" with the time). Read from the layout's words; the bytes a printer gets
are checked against the same layout in test_print_cmd.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.enums import TicketStatus
from shared.printing.paper import Paper
from shared.printing.ticket_layout import ticket_lines
from tests.shared.printing.samples import ticket

#: 10:42 in Hồ Chí Minh City on 12/03/2025, the sample ticket's day (issued at 08:05).
REPRINTED = datetime(2025, 3, 12, 3, 42, tzinfo=UTC)
ENDED = datetime(2025, 3, 12, 3, 20, tzinfo=UTC)
WAIT_WORDS = ("Số người đang chờ trước", "Thời gian chờ dự kiến", "Sắp đến lượt", "phút")


def words(**changes: object) -> list[str]:
    return ticket_lines(ticket(**changes), Paper.MM58)


def test_a_fresh_ticket_says_nothing_of_a_reprint() -> None:
    """The kiosk's ticket (no reprint time) has no "IN LẠI" line."""
    assert not any("IN LẠI" in line for line in words())


def test_a_reprinted_waiting_ticket_keeps_its_wait_and_says_it_is_a_reprint() -> None:
    """Waiting: the people ahead and the wait it is given (read now), its counters, the
    footer, and "IN LẠI 10:42, 12/03/2025"."""
    lines = words(reprinted_at=REPRINTED, people_ahead=2, estimated_wait_minutes=12,
                  estimated_wait_low=8, estimated_wait_high=17, counters=(1, 3))
    assert "IN LẠI 10:42, 12/03/2025" in lines
    assert "Số người đang chờ trước: 2" in lines
    assert "Thời gian chờ dự kiến: khoảng 8-17\u00a0phút" in lines
    assert "Quầy 1, 3" in lines and "Xin cảm ơn!" in lines


@pytest.mark.parametrize(("status", "said"), [
    (TicketStatus.SERVING, ["Mời đến Quầy 3"]),
    (TicketStatus.ON_HOLD, ["Đã gọi đến Quầy 3", "Quầy đang giữ số của ông/bà.",
                            "Xin quay lại quầy khi sẵn sàng."]),
])
def test_a_called_ticket_names_its_counter_and_no_wait(status: TicketStatus,
                                                       said: list[str]) -> None:
    """Serving: "Mời đến Quầy 3"; on hold: "Đã gọi đến Quầy 3" and that the counter holds
    it. No people ahead, no wait, no list of counters, no "ngồi chờ" footer."""
    lines = words(status=status, counter=3, reprinted_at=REPRINTED, people_ahead=0,
                  estimated_wait_minutes=None, counters=(1, 3))
    for line in said:
        assert line in lines
    assert "IN LẠI 10:42, 12/03/2025" in lines
    assert not any(word in line for line in lines for word in WAIT_WORDS)
    assert "Quầy 1, 3" not in lines and "Xin cảm ơn!" not in lines
    assert "Phiếu có giá trị trong ngày 12/03/2025" in lines


@pytest.mark.parametrize(("status", "said"), [
    (TicketStatus.FINISHED, ["ĐÃ PHỤC VỤ XONG", "Tại Quầy 3 lúc 10:20"]),
    (TicketStatus.NO_SHOW, ["SỐ ĐÃ BỊ BỎ QUA", "Vắng mặt khi Quầy 3 gọi"]),
    (TicketStatus.CANCELLED, ["SỐ ĐÃ BỊ HỦY"]),
])
def test_an_ended_ticket_says_its_end_and_cannot_pass_for_a_fresh_number(
        status: TicketStatus, said: list[str]) -> None:
    """Finished / skipped / cancelled: the state, "Phiếu này không còn giá trị", "IN LẠI"
    with the time; no wait, no "valid today", no counters to go to, no footer."""
    lines = words(status=status, counter=3, ended_at=ENDED, reprinted_at=REPRINTED,
                  people_ahead=0, counters=(1, 3))
    for line in [*said, "Phiếu này không còn giá trị", "IN LẠI 10:42, 12/03/2025"]:
        assert line in lines
    assert not any(word in line for line in lines for word in WAIT_WORDS)
    assert not any("có giá trị trong ngày" in line for line in lines)
    assert "Quầy 1, 3" not in lines and "Xin cảm ơn!" not in lines


def test_an_english_reprint_is_in_english() -> None:
    """language en: "REPRINT 10:42, 12/03/2025", "Please go to counter 3", "SERVED" …"""
    assert "REPRINT 10:42, 12/03/2025" in words(language="en", reprinted_at=REPRINTED)
    assert "Please go to counter 3" in words(language="en", status=TicketStatus.SERVING,
                                             counter=3, reprinted_at=REPRINTED)
    ended = words(language="en", status=TicketStatus.FINISHED, counter=3, ended_at=ENDED,
                  reprinted_at=REPRINTED)
    assert {"SERVED", "At counter 3, 10:20", "This ticket is no longer valid"} <= set(ended)
