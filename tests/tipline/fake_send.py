"""A local stand-in for the WhatsApp Cloud API and the Telegram Bot API on loopback: records
every POST (path, headers, JSON body) and answers with the status the test sets (200 by default,
500 to play an outage), or refuses connections while stopped."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSendApi:
    def __init__(self, port: int = 0):
        self.requests: list[tuple[str, dict, dict, int]] = []  # (path, headers, body, status answered)
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                status = fake.status
                fake.requests.append((self.path, dict(self.headers), json.loads(raw or b"{}"), status))
                data = json.dumps({"messages": [{"id": "wamid.sent"}], "ok": status < 300}).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="fake-send-api", daemon=True)
        self.thread.start()

    @property
    def delivered(self) -> list[tuple[str, dict]]:
        """(path, body) of the requests answered with a 2xx."""
        return [(path, body) for path, _, body, status in self.requests if 200 <= status < 300]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "FakeSendApi":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
