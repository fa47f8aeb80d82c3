"""The newsletter benchmark: `make bench-newsletter`. Prints figures; never fails on them.

Against one local SMTP sink (aiosmtpd, on loopback, in this process):

1. the ceiling: a plain smtplib loop in its own process, sending N ready-made
   messages of the same size over one connection, as fast as it can;
2. newsdesk: a real `newsdesk worker` sending an issue to N subscribers (a site
   of its own: SQLite by default, `$DATABASE_URL`/`$REDIS_URL` if set), with
   everything a send does per message (its own links, the commit before the
   final dot, the heartbeat);
3. the worker's memory (resident set, psutil) sampled every 0.1 s while it sends.

Messages per second are counted at the sink, from its first message to its last.
docs/newsletter.md reports the figures; run it on a quiet machine.
"""

import argparse
import csv
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from tests import smtp_sink  # noqa: E402
from tests.live_site import LiveSite  # noqa: E402

CEILING = r'''
import smtplib, socket, sys
port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
body = (b"x" * 76 + b"\r\n") * (size // 78)
connection = smtplib.SMTP("127.0.0.1", port)
connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for number in range(count):
    message = (b"From: news@example.org\r\nTo: r%d@example.org\r\nSubject: Ceiling\r\n"
               b"Message-ID: <%d@bench>\r\n\r\n" % (number, number)) + body
    connection.sendmail("news@example.org", ["r%d@example.org" % number], message)
connection.quit()
'''


class TimedSink(smtp_sink.Sink):
    def __init__(self):
        super().__init__(keep=False)
        self.first = self.last = None
        self.sizes = []

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        if len(self.sizes) < 5:
            self.sizes.append(len(envelope.content))
        return await super().handle_DATA(server, session, envelope)

    def reset(self):
        self.recipients.clear()
        self.message_ids.clear()
        self.first = self.last = None

    def rate(self):
        return (self.count - 1) / (self.last - self.first) if self.count > 1 else 0


def wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def worker_memory(process, stop, samples):
    handle = psutil.Process(process.pid)
    while not stop.is_set():
        try:
            samples.append(handle.memory_info().rss)
        except psutil.Error:
            return
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    arguments = parser.parse_args()
    count = arguments.subscribers
    with smtp_sink.running() as (_ignored, _port):
        pass  # aiosmtpd importable and a port free: fail early, before building a site
    sink = TimedSink()
    from aiosmtpd.controller import Controller

    from tests.live_site import free_port

    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    data = Path(tempfile.mkdtemp(prefix="newsdesk-bench-newsletter-"))
    site = LiveSite(data_dir=data, extra_env={
        "NEWSDESK_SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
        "NEWSDESK_BASE_URL": "https://news.example"})
    try:
        print(f"Preparing a site with {count} subscribers in {data} ...", flush=True)
        site.newsdesk("migrate", "--noinput", "-v0")
        site.newsdesk("demo", "--if-empty")
        with open(data / "subscribers.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["email"])
            writer.writerows([f"reader{number}@example.org"] for number in range(count))
        site.newsdesk("newsletter", "import", str(data / "subscribers.csv"), "--list", "news-en")

        worker = site.start_worker()
        idle = psutil.Process(worker.pid).memory_info().rss
        samples, stop = [], threading.Event()
        sampler = threading.Thread(target=worker_memory, args=(worker, stop, samples))
        sampler.start()
        site.newsdesk("newsletter", "send", "--latest", "--no-input", "--no-wait")
        finished = wait(lambda: sink.count >= count, 900)
        stop.set()
        sampler.join()
        newsdesk_rate, sizes = sink.rate(), list(sink.sizes)
        duplicates = sink.duplicates
        site.stop_worker()

        sink.reset()
        size = sum(sizes) // max(len(sizes), 1)
        subprocess.run([sys.executable, "-c", CEILING, str(controller.port), str(count),
                        str(size)], check=True, timeout=900)
        wait(lambda: sink.count >= count, 60)
        ceiling_rate = sink.rate()
    finally:
        site.stop_worker()
        controller.stop()
        site.drop_database()
    print()
    print(f"{count} messages of about {size // 1024} KB to a local aiosmtpd sink, one connection:")
    print(f"  plain smtplib loop (ceiling)   {ceiling_rate:8.0f} messages/s")
    print(f"  newsdesk worker                {newsdesk_rate:8.0f} messages/s  "
          f"({newsdesk_rate / ceiling_rate:.2f} of the ceiling)"
          f"{'' if finished else '  (did not finish)'}, duplicates {duplicates}")
    print(f"  worker memory: {idle / 2**20:.0f} MB before, peak {max(samples) / 2**20:.0f} MB "
          f"during the send ({len(samples)} samples)")


if __name__ == "__main__":
    main()
