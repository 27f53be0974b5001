"""Misbehaving loopback stand-ins for fault tests: a relay that can be cut (refused), hung
(accepting and never answering) and restored, and a port that never answers at all."""

import contextlib
import socket
import threading


def _close(sockets):
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


class TcpRelay:
    """A loopback port that relays to a server (PostgreSQL, Redis), seen by the app as the
    server itself: ``stop()`` cuts it (connections refused, like a restart), ``hang()``
    makes it accept and never answer (like a stalled server), ``start()`` and ``resume()``
    bring it back."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.hanging = False
        self._listener = None
        self._links = []  # (client, upstream) pairs being relayed
        self._held = []  # clients accepted while hanging: never read from or written to
        self._lock = threading.Lock()

    def start(self):
        listener = socket.create_server(("127.0.0.1", self.port))
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        with self._lock:
            open_sockets = [self._listener, *self._held]
            open_sockets += [sock for link in self._links for sock in link]
            self._links.clear()
            self._held.clear()
        _close(open_sockets)

    def hang(self):
        """Keep accepting, answer nothing: open connections go silent, new ones are held."""
        with self._lock:
            self.hanging = True
            links, self._links = self._links, []
            self._held += [client for client, _ in links]
        # The upstream side closes; the client's side stays open and silent.
        _close([upstream for _, upstream in links])

    def resume(self):
        """Relay again; connections held while hanging are closed (the client reconnects)."""
        with self._lock:
            self.hanging = False
            held, self._held = self._held, []
        _close(held)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.hanging:
                with self._lock:
                    self._held.append(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._links.append((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


class SilentPort:
    """A loopback port that accepts connections and never answers: a hung server."""

    def __init__(self, port=0):
        self._listener = socket.create_server(("127.0.0.1", port))
        self.port = self._listener.getsockname()[1]
        self._clients = []

    def start(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        _close([self._listener, *self._clients])

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._clients.append(client)  # held open, never read from or written to
