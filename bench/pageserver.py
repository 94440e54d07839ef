"""Serving the benchmark's pages from H loopback hosts: nginx when installed, else a small asyncio server.

Pages live on disk as ``ROOT/h<X>/jobs/<id>`` and host X answers on
``127.0.0.(2+X):PORT`` (Linux routes all of 127.0.0.0/8 to loopback, no setup
needed). Both servers derive validators from the file the way nginx does —
``ETag: "<mtime hex>-<size hex>"`` and ``Last-Modified`` from the mtime — and
answer ``If-None-Match`` / ``If-Modified-Since`` with 304, so a pass whose files
were not rewritten is a 304 pass and a pass whose files were rewritten (new
mtime, new bytes) is a 200 pass.

Run the asyncio server on its own (the benchmark does this in a child process):

    python bench/pageserver.py --root DIR --hosts 100 --port 18080
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from email.utils import formatdate
from pathlib import Path

FIRST_HOST = int(ipaddress.IPv4Address("127.0.0.2"))


def host_ip(index: int) -> str:
    """The loopback address of host ``index`` (0 -> 127.0.0.2)."""
    return str(ipaddress.IPv4Address(FIRST_HOST + index))


def site_dir(root: Path, index: int) -> Path:
    return root / f"h{index}"


def free_port(hosts: int) -> int:
    """A TCP port that is free on every host address."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind((host_ip(0), 0))
            port = s.getsockname()[1]
        if port < 10_000:
            continue
        ok = True
        for i in range(hosts):
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((host_ip(i), port))
                except OSError:
                    ok = False
                    break
        if ok:
            return port
    raise RuntimeError("no free port on the loopback hosts")


def etag_of(st: os.stat_result) -> str:
    return f'"{int(st.st_mtime):x}-{st.st_size:x}"'


# --- the asyncio server ---------------------------------------------------------------------------------


class _Http(asyncio.Protocol):
    """HTTP/1.1 GET with keep-alive and conditional requests; enough for a benchmark client."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while self.transport is not None:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > 65536:
                    self.transport.close()
                return
            head, self.buf = self.buf[:end], self.buf[end + 4 :]
            self._answer(head)

    def _answer(self, head: bytes) -> None:
        assert self.transport is not None
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            self.transport.close()
            return
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        path = target.split("?", 1)[0]
        status, extra, body = 404, {}, b"<html><body><h1>404 Not Found</h1></body></html>"
        if method not in ("GET", "HEAD"):
            status, body = 405, b""
        elif ".." not in path and path.startswith("/"):
            file = self.root / path.lstrip("/")
            try:
                st = os.stat(file)
            except OSError:
                st = None
            if st is not None and not os.path.isdir(file):
                etag = etag_of(st)
                lastmod = formatdate(int(st.st_mtime), usegmt=True)
                extra = {"ETag": etag, "Last-Modified": lastmod, "Content-Type": "text/html; charset=utf-8"}
                inm = headers.get("if-none-match")
                ims = headers.get("if-modified-since")
                if (inm is not None and etag in [t.strip() for t in inm.split(",")]) or (
                    inm is None and ims == lastmod
                ):
                    status, body = 304, b""
                else:
                    with open(file, "rb") as f:
                        status, body = 200, f.read()
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found", 405: "Method Not Allowed"}[status]
        out = [f"HTTP/1.1 {status} {reason}", "Server: pm-bench", f"Date: {formatdate(usegmt=True)}"]
        if status != 304:
            extra.setdefault("Content-Type", "text/html; charset=utf-8")
            out.append(f"Content-Length: {len(body)}")
        out.extend(f"{k}: {v}" for k, v in extra.items())
        out.append("Connection: keep-alive" if keep else "Connection: close")
        self.transport.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))
        if body and method == "GET" and status != 304:
            self.transport.write(body)
        if not keep:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def serve(root: Path, hosts: int, port: int) -> None:
    loop = asyncio.get_running_loop()
    servers = []
    for i in range(hosts):
        site = site_dir(root, i)
        servers.append(
            await loop.create_server(
                lambda site=site: _Http(site), host_ip(i), port, reuse_address=True, backlog=1024
            )
        )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()
    for s in servers:
        s.close()


# --- handles the benchmark uses ------------------------------------------------------------------------


class Server:
    """A running page server (a child process); ``stop()`` ends it."""

    kind = "?"

    def __init__(self, root: Path, hosts: int, port: int, workdir: Path) -> None:
        self.root, self.hosts, self.port, self.workdir = root, hosts, port, workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, index: int, path: str) -> str:
        return f"http://{host_ip(index)}:{self.port}{path}"

    def pids(self) -> list[int]:
        """The server's process and its children (nginx workers)."""
        if self.proc is None:
            return []
        out, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            with contextlib.suppress(OSError):
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
        return out

    def cpu_seconds(self) -> float:
        """User+system CPU of the server's processes so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError, IndexError, ValueError):
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def wait_ready(self, probes: dict[int, str], timeout: float = 15.0) -> None:
        """Wait until the first and last host serve their probe path (host index -> path)."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                for i in sorted({min(probes), max(probes)}):
                    with urllib.request.urlopen(self.url(i, probes[i]), timeout=2) as r:
                        r.read()
                return
            except Exception as e:
                last = e
                time.sleep(0.1)
        raise RuntimeError(f"{self.kind} did not answer within {timeout}s: {last}; {self.log_tail()}")

    def log_tail(self) -> str:
        return ""

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


class AsyncioServer(Server):
    kind = "asyncio"

    def start(self) -> AsyncioServer:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--root", str(self.root), "--hosts", str(self.hosts),
             "--port", str(self.port)],
            stdout=subprocess.PIPE,
        )  # fmt: skip
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError(f"asyncio page server did not start: {line!r}")
        return self


class NginxServer(Server):
    kind = "nginx"

    @staticmethod
    def available() -> str | None:
        return shutil.which("nginx") or next(
            (
                p
                for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
                if os.path.exists(p)
            ),
            None,
        )

    def config(self) -> str:
        prefix = self.workdir
        user = ""
        if os.geteuid() == 0:
            # Workers would drop to "nobody"; the page tree is world-readable, but keep it simple and safe
            # by running them as the invoking user.
            user = "user root root;"
        servers = "\n".join(
            f"  server {{ listen {host_ip(i)}:{self.port} backlog=1024; root {site_dir(self.root, i)}; }}"
            for i in range(self.hosts)
        )
        temps = "\n".join(
            f"  {t}_temp_path {prefix}/tmp/{t};" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        return f"""# generated by bench/pageserver.py
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 100000;
  etag on;
  if_modified_since exact;
  server_tokens off;
{temps}
{servers}
}}
"""

    def start(self) -> NginxServer:
        binary = self.available()
        if binary is None:
            raise RuntimeError("nginx is not installed")
        (self.workdir / "tmp").mkdir(parents=True, exist_ok=True)
        conf = self.workdir / "nginx.conf"
        conf.write_text(self.config())
        cmd = [binary, "-p", str(self.workdir), "-c", str(conf), "-e", str(self.workdir / "nginx-error.log"),
               "-g", "daemon off;"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return self

    def log_tail(self) -> str:
        log = self.workdir / "nginx-error.log"
        err = b""
        if self.proc is not None and self.proc.poll() is not None and self.proc.stderr is not None:
            err = self.proc.stderr.read()
        text = (log.read_text(errors="replace") if log.exists() else "") + err.decode(errors="replace")
        return text.strip()[-800:]

    def stop(self) -> None:
        # SIGQUIT is nginx's graceful stop; SIGTERM its fast stop. Either ends master and workers.
        super().stop()


def start_server(kind: str, root: Path, hosts: int, workdir: Path, probes: dict[int, str]) -> Server:
    """Start the requested server ("auto" picks nginx when installed) and wait until it answers."""
    if kind == "auto":
        kind = "nginx" if NginxServer.available() else "asyncio"
    port = free_port(hosts)
    server: Server
    if kind == "nginx":
        server = NginxServer(root, hosts, port, workdir).start()
    elif kind == "asyncio":
        server = AsyncioServer(root, hosts, port, workdir).start()
    else:
        raise ValueError(kind)
    try:
        server.wait_ready(probes)
    except BaseException:
        server.stop()
        raise
    return server


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", required=True, type=Path)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--port", type=int, default=18080)
    args = ap.parse_args()
    asyncio.run(serve(args.root, args.hosts, args.port))


if __name__ == "__main__":
    main()
