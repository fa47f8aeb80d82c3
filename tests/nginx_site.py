"""nginx in front of newsdesk processes, from the shipped deploy/nginx/newsdesk.conf.

The file is used as documented (docs/deploy.md); only the listening port, the
upstream ports and the paths are rewritten for a loopback test. nginx runs in
the foreground (`daemon off`) with its own prefix directory, as root with its
workers as root too, so they can read the temporary data directory.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.live_site import wait_until_answering

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "nginx" / "newsdesk.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PAGE_HEADERS = "/etc/nginx/snippets/newsdesk-page-headers.conf"

MAIN = """
worker_processes {workers};
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/newsdesk.conf;
}}
"""


def page_files_env(site):
    """Set a prepared LiveSite up as docs/deploy.md says: pages as files for nginx.

    Prints the headers snippet with the site's own environment (`newsdesk
    nginx-page-headers`), as an operator does, and returns its path for NginxFront.
    """
    snippet = Path(site.data_dir) / "newsdesk-page-headers.conf"
    snippet.write_text(site.newsdesk("nginx-page-headers").stdout)
    site.extra_env.update(
        NEWSDESK_PAGECACHE_FILES_DIR=str(Path(site.data_dir) / "pages"),
        NEWSDESK_PAGECACHE_FILES_HEADERS=str(snippet),
    )
    return snippet


def nginx_available():
    return Path(NGINX).exists()


def render(*, port, upstream_ports, data_dir, cache_dir, page_headers):
    """deploy/nginx/newsdesk.conf with a loopback port, these upstreams and directories."""
    text = CONFIG.read_text()
    servers = "".join(
        f"    server 127.0.0.1:{upstream} max_fails=1 fail_timeout=5s;\n"
        for upstream in upstream_ports
    )
    text, count = re.subn(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", servers, text)
    assert count == 1, "deploy/nginx/newsdesk.conf: the upstream server lines moved"
    text = text.replace("    listen 80;", f"    listen 127.0.0.1:{port};")
    text = text.replace("/var/lib/newsdesk/", f"{Path(data_dir)}/")
    text = text.replace("/var/cache/nginx/newsdesk", str(cache_dir))
    assert PAGE_HEADERS in text, "deploy/nginx/newsdesk.conf: the page headers snippet moved"
    return text.replace(PAGE_HEADERS, str(page_headers))


class NginxFront:
    def __init__(self, *, port, upstream_ports, data_dir, workers=2, page_headers=None):
        """`page_headers`: the snippet `newsdesk nginx-page-headers` printed for the site
        (see page_files_env); without it nginx adds none and the site writes no files."""
        self.port = port
        self.prefix = Path(tempfile.mkdtemp(prefix="newsdesk-nginx-"))
        os.chmod(self.prefix, 0o755)
        if page_headers is None:
            page_headers = self.prefix / "page-headers.conf"
            page_headers.write_text("")
        (self.prefix / "newsdesk.conf").write_text(render(
            port=port, upstream_ports=upstream_ports, data_dir=data_dir,
            cache_dir=self.prefix / "cache", page_headers=page_headers,
        ))
        user = "user root;" if os.geteuid() == 0 else ""
        (self.prefix / "nginx.conf").write_text(
            MAIN.format(workers=workers, user=user, prefix=self.prefix)
        )
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        wait_until_answering(self.process, f"{self.base_url}/api/ping", "nginx", 15, pause=0.1)
        return self

    def error_log(self):
        path = self.prefix / "error.log"
        return path.read_text() if path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)
