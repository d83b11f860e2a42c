"""A network printer that stalls: a 127.0.0.1 listener that accepts connections and then never
reads nor answers (paper jam, a hung firmware), or answers the first status query and then
stops reading (stalled in the middle of a ticket)."""

from __future__ import annotations

import socket

from tests.shared.printing.fake_printer import PAPER_OK, PAPER_QUERY, LocalListener


class StallingPrinter(LocalListener):
    """``answer_first``: answer the status query that comes before the job, then stall."""

    def __init__(self, answer_first: bool = False) -> None:
        self.answer_first = answer_first
        self.connections = 0
        self._held: list[socket.socket] = []
        # Small buffers so a stalled reader really blocks the sender's writes.
        super().__init__(receive_buffer=4096)

    def _accepted(self, connection: socket.socket) -> None:
        self.connections += 1
        self._held.append(connection)  # kept open, never read again
        if self.answer_first:
            connection.settimeout(2.0)
            try:
                if connection.recv(len(PAPER_QUERY)) == PAPER_QUERY:
                    connection.sendall(bytes([PAPER_OK]))
            except OSError:
                pass

    def close(self) -> None:
        super().close()
        for connection in self._held:
            connection.close()
