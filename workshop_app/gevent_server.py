"""gevent's WSGI handler, made to keep two promises of the production server.

* **No client address in any log.** gevent's access log line starts with the client's address,
  its error log prefixes messages with the socket (local and remote address) and "(from addr)",
  and a crashed request prints its environ with ``REMOTE_ADDR``. This handler writes none of
  them. The app itself sees the address in memory only (rate limits).
* **A header read timeout.** gevent waits for a request line and headers as long as the client
  likes, so 500 half-open connections stay open for ever (one greenlet and one file descriptor
  each). Here a client has ``header_timeout`` seconds for the request line and headers of every
  request, an idle keep-alive connection as well; then the connection is closed. Once the
  headers are in, the timeout is lifted: long-polling and WebSocket connections live on.

Import this module only after gevent has patched the standard library (``__main__`` does).
"""
from __future__ import annotations

import contextlib

from gevent import GreenletExit
from gevent.pywsgi import WSGIHandler


class PrivateHandler(WSGIHandler):
    header_timeout: float = 15.0

    def read_requestline(self):
        self.socket.settimeout(self.header_timeout)
        return super().read_requestline()

    def read_request(self, raw_requestline):
        try:
            result = super().read_request(raw_requestline)
        except TimeoutError:
            raise ValueError("request headers not received in time") from None
        self.socket.settimeout(None)
        return result

    def format_request(self) -> str:
        """The access log line of gevent without the leading client address."""
        line = super().format_request()
        return "-" + line[line.index(" - - ["):] if " - - [" in line else line

    def log_error(self, msg, *args) -> None:
        """gevent's error log line without the socket's addresses and the client address."""
        address = self.client_address
        args = tuple("-" if arg is address or arg == address else arg for arg in args)
        try:
            message = msg % args if args else msg
        except (TypeError, ValueError):
            message = msg
        with contextlib.suppress(Exception):  # a failing log must not take the request down
            self.server.error_log.write(message + "\n")

    def _log_error(self, t, v, tb) -> None:
        # gevent passes the request's environ (REMOTE_ADDR is on its whitelist) to the hub,
        # which prints it with the traceback; a plain label tells enough.
        if not issubclass(t, GreenletExit):
            self.server.loop.handle_error("request", t, v, tb)


def handler_class(header_timeout: float) -> type[PrivateHandler]:
    return type("PrivateHandler", (PrivateHandler,), {"header_timeout": float(header_timeout)})
