"""`newsdesk serve --with-worker`: the server and one job worker under one command.

`make run` is one command that serves the site; jobs (newsletters, scans,
purges) need a worker beside it. This keeps both running: a worker that dies
is started again (after a pause that grows to a minute when it keeps dying), and
when the server stops, or this process is asked to stop (Ctrl+C, SIGTERM), the
worker is stopped with SIGTERM, its graceful stop, and waited for.
"""

import signal
import subprocess
import sys
import time

RESTART_PAUSES = (1, 2, 5, 15, 60)


def supervise(server_command, worker_command):
    """Run both until the server ends or a stop signal comes; return the server's exit code."""
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    server = subprocess.Popen(server_command)
    worker, started, failures = subprocess.Popen(worker_command), time.monotonic(), 0
    while not stopping and server.poll() is None:
        time.sleep(0.2)
        if worker.poll() is None:
            continue
        if time.monotonic() - started > 300:
            failures = 0
        pause = RESTART_PAUSES[min(failures, len(RESTART_PAUSES) - 1)]
        sys.stderr.write(f"newsdesk: the worker exited ({worker.returncode}); starting it "
                         f"again in {pause} s.\\n")
        deadline = time.monotonic() + pause
        while not stopping and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        if not stopping and server.poll() is None:
            failures += 1
            worker, started = subprocess.Popen(worker_command), time.monotonic()
    for process in (worker, server):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process, seconds in ((worker, 40), (server, 20)):
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return server.returncode if server.returncode is not None else 0
