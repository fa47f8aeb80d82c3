"""Local webhook receivers on loopback: one that checks signatures, one that fails twice,
one that hangs, one that redirects."""

import contextlib
import http.server
import threading
import time

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host="127.0.0.1", secret=None, behaviour="ok", location=None):
        self.secret, self.behaviour, self.location = secret, behaviour, location
        self.received, self.verified, self.calls = [], [], 0
        self.release = threading.Event()
        super().__init__((host, 0), Handler)

    @property
    def url(self):
        return f"http://{self.server_address[0]}:{self.server_address[1]}/hook"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 (http.server's name)
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server.calls += 1
        headers = {name.lower(): value for name, value in self.headers.items()}
        server.received.append((headers, body))
        if server.secret:
            try:
                server.verified.append(Webhook(server.secret).verify(body, headers))
            except WebhookVerificationError:
                return self.answer(401)
        if server.behaviour == "hang":
            server.release.wait(30)
            return self.answer(200)
        if server.behaviour == "fail twice" and server.calls <= 2:
            return self.answer(500)
        if server.behaviour == "always 500":
            return self.answer(500)
        if server.behaviour == "redirect":
            self.send_response(307)
            self.send_header("Location", server.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self.answer(204)

    def answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextlib.contextmanager
def receiving(**kwargs):
    server = Receiver(**kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
