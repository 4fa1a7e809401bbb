"""Runs the service: python -m service."""

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import handle


class Handler(BaseHTTPRequestHandler):
    def _respond(self) -> None:
        status, body = handle(self.command, self.path.split("?", 1)[0])
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _respond


def main() -> None:
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    # The container stops with SIGTERM; exit cleanly instead of being killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"listening on {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
