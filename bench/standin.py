"""What the bench's local stand-ins of other services (the AI service, the Telegram Bot API)
share: answering a POST with a JSON body."""

import json
from http.server import BaseHTTPRequestHandler


class JSONStandIn(BaseHTTPRequestHandler):
    """Reads the request body, then `self.answer(payload)` writes a 200 JSON answer."""

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def answer(self, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
