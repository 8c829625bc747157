#!/usr/bin/env python3
"""A stand-in for Kolada's API on loopback, for the test of `styrlint kolada hämta`:
serves kpi-page1.json and kpi-page2.json as pages 1 and 2 of /v2/kpi (with __BASE__
replaced by this server's address), and /broken/kpi as a page that is not JSON.
Prints its port on the first line of standard output, then serves until killed."""
import http.server
import os
import signal
import urllib.parse

# The test runner may hand down an ignored SIGTERM; this server must stop when told.
signal.signal(signal.SIGTERM, signal.SIG_DFL)

folder = os.path.dirname(os.path.abspath(__file__))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/v2/kpi":
            page = query.get("page", ["1"])[0]
            name = {"1": "kpi-page1.json", "2": "kpi-page2.json"}.get(page)
            if name is None:
                self.send_error(404)
                return
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                body = handle.read().replace("__BASE__", f"http://127.0.0.1:{self.server.server_port}").encode()
        elif url.path == "/broken/kpi":
            body = b"<html>Service Unavailable</html>"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_port, flush=True)
server.serve_forever()
