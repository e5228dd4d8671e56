"""Tiny HTTP servers for transport tests: a proxy that drops answers, a server that says 503 first."""
from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional, Tuple


class Recorder:
    """A threaded HTTP server on 127.0.0.1:0 whose `handle(handler, body)` decides each answer."""

    def __init__(self, handle: Callable[[BaseHTTPRequestHandler, bytes], Optional[Tuple[int, Dict[str, str], bytes]]]) -> None:
        self.requests: List[Tuple[str, str, bytes]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.requests.append((self.command, self.path, body))
                answer = handle(self, body)
                if answer is None:  # drop the connection without answering, as a network failure would
                    self.close_connection = True
                    return
                status, headers, data = answer
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _any

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def bodies(self, path_part: str) -> List[dict]:
        """JSON bodies of the requests whose path contains `path_part`."""
        return [json.loads(b) for (_m, p, b) in self.requests if path_part in p and b]


def forward(target: str, handler: BaseHTTPRequestHandler, body: bytes) -> Tuple[int, Dict[str, str], bytes]:
    """Sends the request on to `target` and returns its answer."""
    headers = {k: v for k, v in handler.headers.items() if k.lower() in ("content-type", "authorization")}
    req = urllib.request.Request(target + handler.path, data=body or None, headers=headers, method=handler.command)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, {"Content-Type": "application/json"}, res.read()
    except urllib.error.HTTPError as e:
        return e.code, {"Content-Type": "application/json"}, e.read()
