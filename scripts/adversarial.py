#!/usr/bin/env python3
"""A hostile registry and URL server on loopback for scripts/adversarial.sh.

Usage: adversarial.py PORTFILE. Listens on 127.0.0.1, a free port, written to PORTFILE. The
first path segment after /v2/ (a reference's repository, HOST:PORT/MODE/x:1) or of a plain URL
(http://HOST:PORT/MODE/package.json) picks the misbehaviour; nothing is ever fetched from
anywhere else.
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MANIFEST = "application/vnd.oci.image.manifest.v1+json"


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def mode(self):
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        if parts and parts[0] == "v2":
            parts = parts[1:]
        return parts[0] if parts else ""

    def headers_only(self, status, headers, length=None):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def endless(self, first=b""):
        """Writes until the client hangs up (at most 8 GiB)."""
        chunk = b"A" * 65536
        try:
            self.wfile.write(first)
            for _ in range(131072):
                self.wfile.write(chunk)
        except OSError:
            pass

    def stall(self):
        time.sleep(3600)

    def do_GET(self):
        m = self.mode()
        port = self.server.server_address[1]
        if self.path.startswith("/token/"):
            kind = self.path.split("/")[2].split("?")[0]
            if kind == "flood":
                self.headers_only(200, {"Content-Type": "application/json"}, 1 << 40)
                self.endless(b'{"token":"')
            else:
                self.headers_only(200, {"Content-Type": "application/json"}, 100)
                self.wfile.write(b'{"tok')
                self.wfile.flush()
                self.stall()
            return
        if m == "stall":  # headers, one byte, then nothing
            self.headers_only(200, {"Content-Type": MANIFEST}, 1000)
            self.wfile.write(b"{")
            self.wfile.flush()
            self.stall()
        elif m == "trickle":  # a byte every half second, for ever
            self.headers_only(200, {"Content-Type": MANIFEST}, 1 << 30)
            try:
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
        elif m == "noheaders":  # accepts, reads the request, never answers
            self.stall()
        elif m == "flood":  # a manifest without end
            self.headers_only(200, {"Content-Type": MANIFEST}, 1 << 40)
            self.endless(b'{"schemaVersion":2,"x":"')
        elif m in ("tokenflood", "tokenstall"):
            kind = "flood" if m == "tokenflood" else "stall"
            self.headers_only(401, {"WWW-Authenticate": 'Bearer realm="http://127.0.0.1:%d/token/%s",'
                                    'service="x",scope="repository:x:pull"' % (port, kind)}, 0)
        elif m == "tofile":
            self.headers_only(302, {"Location": "file:///etc/passwd"}, 0)
        elif m == "loop":
            self.headers_only(302, {"Location": self.path}, 0)
        elif m == "basicloop":
            self.headers_only(401, {"WWW-Authenticate": 'Basic realm="x"'}, 0)
        elif m == "short":  # says 1000 bytes, sends 10 and hangs up
            self.headers_only(200, {"Content-Type": MANIFEST}, 1000)
            self.wfile.write(b'{"schema":')
            self.close_connection = True
        elif m == "deepjson":
            body = b"[" * 200000
            self.headers_only(200, {"Content-Type": MANIFEST}, len(body))
            self.wfile.write(body)
        elif m == "bigheader":
            self.send_response(200)
            self.send_header("X-Big", "A" * (4 << 20))
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.headers_only(404, {"Content-Type": "application/json"}, 2)
            self.wfile.write(b"{}")

    do_HEAD = do_GET


class Quiet(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hung up on a hostile answer is the point


def main():
    server = Quiet(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
