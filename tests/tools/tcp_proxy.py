"""A TCP proxy on 127.0.0.1 for fault tests: forwards to a server, and on ``pause()`` stops
forwarding WITHOUT closing anything (a silent outage: no FIN, no RST, the sockets stay open
and the kernel still acknowledges what is sent), until ``resume()``. ``reset()`` closes every
connection at once (the server PC rebooted). ``start()`` may come late: the port is reserved
at construction (bound, not listening), so a URL can be built before the "server" is up.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._paused = threading.Event()
        self._stop = threading.Event()
        self._reset = threading.Event()
        self._thread: threading.Thread | None = None
        self._pairs: dict[socket.socket, socket.socket] = {}
        self.connections = 0

    def start(self) -> TcpProxy:
        self._listener.listen(64)
        self._listener.setblocking(False)
        self._thread = threading.Thread(target=self._run, name="tcp-proxy", daemon=True)
        self._thread.start()
        return self

    def pause(self) -> None:
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def reset(self) -> None:
        self._reset.set()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close_all()
        self._listener.close()

    def _close_all(self) -> None:
        for sock in list(self._pairs):
            with contextlib.suppress(OSError):
                sock.close()
        self._pairs.clear()

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ)
        watched: set[socket.socket] = set()
        while not self._stop.is_set():
            if self._reset.is_set():
                for sock in list(watched):
                    selector.unregister(sock)
                watched.clear()
                for sock in list(self._pairs):
                    with contextlib.suppress(OSError):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                        b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self._close_all()
                self._reset.clear()
            paused = self._paused.is_set()
            wanted = set() if paused else set(self._pairs)
            for sock in watched - wanted:
                selector.unregister(sock)
            for sock in wanted - watched:
                selector.register(sock, selectors.EVENT_READ)
            watched = wanted
            for key, _ in selector.select(timeout=0.05):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._listener:
                    self._accept()
                    continue
                if self._paused.is_set():
                    break
                peer = self._pairs.get(sock)
                if peer is None:
                    continue
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if data:
                    try:
                        peer.sendall(data)
                        continue
                    except OSError:
                        pass
                for end in (sock, peer):
                    if end in watched:
                        selector.unregister(end)
                        watched.discard(end)
                    self._pairs.pop(end, None)
                    with contextlib.suppress(OSError):
                        end.close()
        selector.close()

    def _accept(self) -> None:
        try:
            client, _ = self._listener.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        client.setblocking(True)
        upstream.setblocking(True)
        self._pairs[client] = upstream
        self._pairs[upstream] = client
        self.connections += 1
