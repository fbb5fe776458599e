"""Fake alert targets on loopback: an HTTP server that refuses (503) until told to accept, and a
minimal SMTP server. Both record what they received."""

import json
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeWebhook:
    """POSTs are answered 503 while `accepting` is False, 200 after; accepted bodies are kept."""

    def __init__(self):
        self.accepting = False
        self.received: list[dict] = []
        self.refused = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if owner.accepting:
                    owner.received.append(json.loads(body))
                    self.send_response(200)
                else:
                    owner.refused += 1
                    self.send_response(503)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class FakeSMTP:
    """Just enough SMTP (RFC 5321) for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT."""

    def __init__(self, port: int):
        self.messages: list[dict] = []
        self.logins: list[str] = []
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                def say(line: str):
                    self.wfile.write((line + "\r\n").encode())

                say("220 fake ESMTP")
                envelope = {"from": None, "to": [], "data": ""}
                while True:
                    line = self.rfile.readline().decode().rstrip("\r\n")
                    verb = line.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        say("250-fake")
                        say("250 AUTH PLAIN LOGIN")
                    elif verb == "AUTH":
                        owner.logins.append(line)
                        say("235 ok")
                    elif verb == "MAIL":
                        envelope["from"] = line
                        say("250 ok")
                    elif verb == "RCPT":
                        envelope["to"].append(line)
                        say("250 ok")
                    elif verb == "DATA":
                        say("354 go on")
                        lines = []
                        while (data := self.rfile.readline().decode()) not in (".\r\n", ""):
                            lines.append(data)
                        envelope["data"] = "".join(lines)
                        owner.messages.append(dict(envelope))
                        say("250 queued")
                    elif verb == "QUIT" or not line:
                        say("221 bye")
                        return
                    else:
                        say("250 ok")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
