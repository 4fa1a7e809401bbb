"""A small JSON API over the inventory, on the standard library only."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.inventory import Inventory, InventoryError

inventory = Inventory()


class Handler(BaseHTTPRequestHandler):
    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/healthz":
            return self._send(200, {"status": "ok"})
        if self.path == "/items":
            return self._send(200, inventory.snapshot())
        return self._send(404, {"error": f"no route {self.path}"})

    def do_POST(self):
        if self.path != "/items":
            return self._send(404, {"error": f"no route {self.path}"})
        length = int(self.headers.get("content-length", 0))
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            total = inventory.add(body.get("sku"), body.get("quantity"))
        except (InventoryError, json.JSONDecodeError) as e:
            return self._send(400, {"error": str(e)})
        return self._send(201, {"sku": body["sku"], "quantity": total})


def main():
    port = int(os.environ.get("PORT", "8000"))
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
