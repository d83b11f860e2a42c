"""The printed ticket addresses the citizen as the kiosk and the phone page do: "ông/bà" (or
no pronoun: "Số người đang chờ trước"), never "bạn". Read from the layout's words, which
test_print_cmd.py ties to the printer's bytes."""

from __future__ import annotations

import re

import pytest

from shared.enums import TicketStatus
from shared.printing.paper import Paper
from shared.printing.ticket_layout import ticket_lines
from tests.shared.printing.samples import ticket


@pytest.mark.parametrize("paper", list(Paper))
def test_a_waiting_ticket_says_ong_ba_and_never_ban(paper: Paper) -> None:
    lines = ticket_lines(ticket(people_ahead=5), paper)
    assert "SỐ THỨ TỰ CỦA ÔNG/BÀ" in lines
    assert "Số người đang chờ trước: 5" in lines
    assert not [line for line in lines if re.search(r"\bbạn\b", line, re.IGNORECASE)]


def test_a_held_ticket_says_the_counter_holds_the_number_of_ong_ba() -> None:
    lines = ticket_lines(ticket(status=TicketStatus.ON_HOLD, counter=3), Paper.MM80)
    assert "Quầy đang giữ số của ông/bà." in lines
    assert not [line for line in lines if re.search(r"\bbạn\b", line, re.IGNORECASE)]
