"""Request handling, kept apart from the HTTP server so the tests can call it directly."""

import os


def handle(method: str, path: str) -> tuple[int, dict]:
    """Returns the status and JSON body for one request."""
    if method != "GET":
        return 405, {"error": "method not allowed"}
    if path == "/healthz":
        return 200, {"status": "ok"}
    if path == "/":
        return 200, {"service": os.environ.get("SERVICE_NAME", "service"), "message": "hello"}
    return 404, {"error": f"no route {path}"}
