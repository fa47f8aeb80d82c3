"""A real SMTP server for tests and benchmarks (aiosmtpd), counting what it is given.

Each accepted message is counted by recipient and by Message-ID, so a test can
assert that every subscriber got an issue exactly once. Recipients can be
refused at RCPT (permanently, 5xx, or a number of times temporarily, 4xx).
"""

import contextlib
import email
import re
import threading
import time
from collections import Counter
from email import policy

from aiosmtpd.controller import Controller

from tests.live_site import free_port

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Sink:
    def __init__(self, keep=True):
        self.keep = keep  # False: count only (10,000-message tests)
        self.messages = []
        self.recipients = Counter()
        self.message_ids = Counter()
        self.refuse = {}      # address: "550 5.1.1 No such user"
        self.temporary = {}   # address: times to answer 451 before accepting
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        if self.temporary.get(address, 0) > 0:
            self.temporary[address] -= 1
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            for address in envelope.rcpt_tos:
                self.recipients[address] += 1
            self.message_ids[found.group(1).decode() if found else ""] += 1
            if self.keep:
                message = email.message_from_bytes(envelope.content, policy=policy.default)
                message.recipients = list(envelope.rcpt_tos)
                self.messages.append(message)
        return "250 2.0.0 Accepted"

    @property
    def count(self):
        return sum(self.recipients.values())

    @property
    def duplicates(self):
        return sum(count - 1 for count in self.recipients.values() if count > 1)

    def wait_for(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@contextlib.contextmanager
def running(keep=True):
    """A started sink: yields (sink, port)."""
    sink = Sink(keep)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()
