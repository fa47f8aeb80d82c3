"""The public tools the benchmark drives: wrk, nginx, Lighthouse; installed when missing."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# Lighthouse 12 is the last major that runs on Node 20 (13 needs Node >= 22.19).
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DIR = BENCH / ".tools"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")


def apt_install(*packages):
    """Install Debian packages when running as root; otherwise say what to install."""
    if os.geteuid() != 0:
        raise RuntimeError(f"please install: sudo apt-get install {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def ensure_wrk_and_nginx():
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing.append("nginx-light")
    if missing:
        apt_install(*missing)


# wrk

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _milliseconds(value, unit):
    return float(value) * _UNITS[unit]


def wrk(url, *, seconds, connections, threads=2, headers=()):
    """Run wrk and return requests/s, p50 and p99 latency (ms), errors."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    latency = {
        percent: _milliseconds(value, unit)
        for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$",
                                               output, re.M)
    }
    errors = re.search(r"Socket errors: (.*)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "errors": (errors[1] if errors else "") + (f" non-2xx: {non_2xx[1]}" if non_2xx else ""),
    }


# nginx

NGINX_CONF = """
worker_processes {workers};
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ }}
    }}
}}
"""


class Nginx:
    """nginx serving one directory on a loopback port: the static-file limit of the machine."""

    def __init__(self, root, port, workers=2):
        self.prefix = Path(tempfile.mkdtemp(prefix="newsdesk-bench-nginx-"))
        self.root, self.port, self.workers = Path(root), port, workers
        self.process = None

    def start(self):
        os.chmod(self.prefix, 0o755)
        # As root, workers would drop to `nobody`; keep them able to read the temporary root.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            workers=self.workers, user=user, prefix=self.prefix, port=self.port, root=self.root,
        ))
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        time.sleep(0.3)
        if self.process.poll() is not None:
            raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)


# Lighthouse

def lighthouse(url):
    """Lighthouse's mobile performance audit of a URL in Debian's Chromium, or the reason not."""
    if not shutil.which("npm") or not shutil.which("node"):
        return {"error": "Node.js and npm are not installed (apt-get install nodejs npm)"}
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        install = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(LIGHTHOUSE_DIR),
             f"lighthouse@{LIGHTHOUSE_VERSION}"],
            capture_output=True, text=True, timeout=600,
        )
        if install.returncode != 0:
            return {"error": f"npm install lighthouse failed: {install.stderr.strip()[-500:]}"}
    report = Path(tempfile.mkstemp(prefix="lighthouse-", suffix=".json")[1])
    run = subprocess.run(
        [str(binary), url, "--quiet", "--only-categories=performance", "--output=json",
         f"--output-path={report}", "--max-wait-for-load=60000",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    if run.returncode != 0:
        return {"error": f"lighthouse failed: {(run.stderr or run.stdout).strip()[-500:]}"}
    data = json.loads(report.read_text())
    report.unlink()
    audits = data["audits"]

    def value(name):
        return audits.get(name, {}).get("numericValue")

    return {
        "version": data.get("lighthouseVersion"),
        "form_factor": data["configSettings"]["formFactor"],
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "first_contentful_paint_ms": value("first-contentful-paint"),
        "largest_contentful_paint_ms": value("largest-contentful-paint"),
        "total_blocking_time_ms": value("total-blocking-time"),
        "cumulative_layout_shift": value("cumulative-layout-shift"),
        "speed_index_ms": value("speed-index"),
    }
