#!/usr/bin/env python3
"""serve's edit loop: how long from saving a page to the new page being served, and how many
times an open browser page reloads for one save.

    benches/serve.sh                       # 10,000 pages, 5 edits
    PAGES=1000 EDITS=10 benches/serve.sh

This file is the driver that benches/serve.sh runs (python3, standard library only):

    serve_edit.py --bin PUFA --site SITE --page content/x/y.md --url /x/y/ [--edits N]
    serve_edit.py --engine zola --bin ZOLA ...   (edit -> page only: Zola reloads by websocket)

It starts `pufa serve` on a free port, waits for the site, opens the live-reload event stream
(/__pufa/events, as the injected script does), then N times: puts a unique marker into the page's
title and a new last paragraph, polls the page over HTTP until the marker is in it
(edit -> page, ms), and counts the reload events that would reload a browser showing that page
(`reload *`, or a list naming its URL) until the full rebuild that follows the save has been
published and a quiet second has passed. The page file is restored at the end.
Prints one line per edit and a summary: median and worst edit -> page, reloads per save.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Events(threading.Thread):
    """Reads the server-sent events; records (time, data) of each `data:` line."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.items = []
        self.lock = threading.Lock()
        self.ready = threading.Event()

    def run(self):
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.sendall(
            b"GET /__pufa/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        buf = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return
            self.ready.set()
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.strip()
                if line.startswith(b"data:"):
                    with self.lock:
                        self.items.append((time.monotonic(), line[5:].decode().strip()))

    def since(self, t):
        with self.lock:
            return [d for (at, d) in self.items if at >= t]


def reloads_page(data, used):
    """Whether the injected script would reload a page that loaded `used` (its own URL path
    first, then the style sheets, scripts and pictures it loaded)."""
    if not data.startswith("reload"):
        return False
    rest = data[6:].strip()
    if rest in ("*", ""):
        return True
    try:
        return any(u in used for u in json.loads(rest))
    except ValueError:
        return True


def resources(html, port):
    """Same-origin URL paths a browser loads for the page (as `performance` lists them)."""
    out = []
    for tag in re.findall(rb"<(?:link|script|img)\b[^>]*>", html):
        m = re.search(rb"""\b(?:src|href)\s*=\s*["']?([^"' >]+)""", tag)
        if not m or tag.startswith(b"<link") and b"stylesheet" not in tag and b"icon" not in tag:
            continue
        u = urllib.parse.unquote(m.group(1).decode("utf-8", "replace"))
        for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            if u.startswith(origin):
                u = u[len(origin):]
        if u.startswith("/") and not u.startswith("//"):
            out.append(re.sub(r"/index\.html$", "/", u.split("?")[0].split("#")[0]))
    return out


def fast_cpu_ms(pid):
    """CPU time (ms) of pufa's threads but the background rebuild's (`pufa-rebuild-*`):
    the watching thread runs the fast path, the global pool renders its lists. Includes the
    HTTP thread answering the polls. Load-independent, unlike the wall time."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1 : stat.rindex(")")]
            if comm.startswith("pufa-rebuild"):
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])
    except OSError:
        return float("nan")
    return total * 1000 / tick


def ready(zola, lines, port, url):
    if not zola:
        return any("http://" in l for _, l in lines)
    try:
        get(port, url)
        return True
    except OSError:
        time.sleep(0.5)
        return False


def get(port, url):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as r:
        return r.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--engine", choices=["pufa", "zola"], default="pufa")
    ap.add_argument("--site", required=True)
    ap.add_argument("--page", required=True, help="Markdown file, relative to the site")
    ap.add_argument("--url", required=True, help="its URL path")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--verbose", action="store_true", help="print every reload event")
    ap.add_argument("--settle", type=float, default=1.0, help="quiet seconds after a rebuild")
    args = ap.parse_args()

    port = free_port()
    log = open(os.path.join(os.path.dirname(os.path.abspath(args.site)), "serve.log"), "w")
    zola = args.engine == "zola"
    if zola:
        cmd = [args.bin, "--root", args.site, "serve", "--port", str(port)]
        cmd += ["--interface", "127.0.0.1"]
    else:
        cmd = [args.bin, "--root", args.site, "serve", "-p", str(port)]
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        stdout=log,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []

    def pump():
        for line in proc.stderr:
            lines.append((time.monotonic(), line))
            log.write(line)
            log.flush()

    threading.Thread(target=pump, daemon=True).start()
    page_path = os.path.join(args.site, args.page)
    original = open(page_path, encoding="utf-8").read()
    try:
        while not ready(zola, lines, port, args.url):
            if proc.poll() is not None:
                sys.exit(f"serve_edit: {args.engine} serve exited; see serve.log")
            if time.monotonic() - t0 > 600:
                sys.exit("serve_edit: the site was not ready in 600 s")
            time.sleep(0.05)
        print(f"first build: {time.monotonic() - t0:.2f} s")
        ev = Events(port)
        if not zola:
            ev.start()
            ev.ready.wait(10)
        used = [args.url] + resources(get(port, args.url), port)
        lat, counts, fulls, cpus = [], [], [], []
        for i in range(args.edits):
            marker = f"pufa-bench-edit-{os.getpid()}-{i}-{time.time_ns()}"
            # The marker goes into the title (shown by the page and the lists that show it)
            # and into a new last paragraph.
            text = original.replace('title = "', f'title = "{marker} ', 1) + f"\n\n{marker}\n"
            n_before = len(lines)
            cpu0 = fast_cpu_ms(proc.pid)
            t = time.monotonic()
            with open(page_path, "w", encoding="utf-8") as f:
                f.write(text)
            while marker.encode() not in get(port, args.url):
                if time.monotonic() - t > 120:
                    sys.exit("serve_edit: the edit never showed")
                time.sleep(0.005)
            ms = (time.monotonic() - t) * 1000
            cpu = fast_cpu_ms(proc.pid) - cpu0
            if zola:
                # Zola rebuilds the whole site before serving the page: nothing follows.
                lat.append(ms)
                print(f"edit {i + 1}: page {ms:.0f} ms")
                time.sleep(args.settle)
                continue
            # Wait for the full rebuild that follows ("已全部重新生成"), then a quiet moment.
            while not any("已全部重新生成" in l for _, l in lines[n_before:]):
                if time.monotonic() - t > 600:
                    sys.exit("serve_edit: no full rebuild after the edit")
                time.sleep(0.02)
            full = next(l for _, l in lines[n_before:] if "已全部重新生成" in l)
            m = re.search(r"([0-9.]+) ms", full)
            time.sleep(args.settle)
            hits = [d for d in ev.since(t) if reloads_page(d, used)]
            n = len(hits)
            if args.verbose:
                for d in ev.since(t):
                    print("   event:", d[:300])
            lat.append(ms)
            cpus.append(cpu)
            counts.append(n)
            fulls.append(float(m.group(1)) if m else float("nan"))
            print(f"edit {i + 1}: page {ms:.0f} ms (cpu {cpu:.0f} ms), reloads {n}, full rebuild {fulls[-1]:.0f} ms")
        if zola:
            print(f"edit->page median {statistics.median(lat):.0f} ms, worst {max(lat):.0f} ms")
            return
        print(
            f"edit->page median {statistics.median(lat):.0f} ms, worst {max(lat):.0f} ms "
            f"(cpu median {statistics.median(cpus):.0f} ms); "
            f"reloads per save: {','.join(map(str, counts))}; "
            f"background rebuild median {statistics.median(fulls):.0f} ms"
        )
    finally:
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
