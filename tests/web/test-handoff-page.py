#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The phone hand-off page in a real browser: Debian's chromium, headless,
# driven over the DevTools protocol (python3-websocket), against the real
# xuexin-accountd --demo. A pending account (the demo registry's 赵明哲
# re-registered, the SMS code read from the outbox) creates a hand-off;
# the page, at 360×740 as a phone, gets three 2400×1800 JPEGs of 1-3 MB on
# its file inputs, must fit them under 300 KB itself and upload them; the
# case then holds three valid photos, checked over HTTP. A revoked link
# shows the 410 page. No horizontal scrolling at 360 px.
#
# Usage: test-handoff-page.py path/to/xuexin-accountd
# Exit 77 (skipped) without chromium, websocket or gi.

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SKIP = 77
DEADLINE = 90  # seconds, for every wait

try:
    import websocket
except ImportError:
    print("python3-websocket is missing", file=sys.stderr)
    sys.exit(SKIP)
try:
    import gi
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import GdkPixbuf, GLib
except (ImportError, ValueError):
    print("python3-gi with GdkPixbuf is missing", file=sys.stderr)
    sys.exit(SKIP)

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    print("chromium is missing", file=sys.stderr)
    sys.exit(SKIP)

PHONE = "13900001234"
ID_NUMBER = "440305199703010514"
NAME = "赵明哲"
PASSWORD = "Xuexin#2024pass"
SIDES = ["handheld", "front", "back"]
MAX_PHOTO = 307200


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(what, condition):
    if not condition:
        fail(what)
    print("ok: " + what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, func, deadline=DEADLINE):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = func()
        if value:
            return value
        time.sleep(0.1)
    fail("timed out waiting for " + what)


class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, token=None, raw=None):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        request = urllib.request.Request(self.base + path, data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def json(self, method, path, body=None, token=None):
        status, data, _ = self.call(method, path, body, token)
        return status, (json.loads(data) if data else None)


def make_photo(path, seed):
    """A 2400×1800 JPEG of 1-3 MB: a gradient with low-bit noise."""
    width, height = 2400, 1800
    stride = width * 3
    gradient = bytes(
        ((x * 255 // width) + seed * 40) % 256 if c == 0 else (128 if c == 1 else 200 - seed * 30)
        for x in range(width) for c in range(3))
    base = int.from_bytes(gradient, "big")
    mask = int.from_bytes(bytes([0x1F]) * stride, "big")
    rows = [(base ^ (int.from_bytes(os.urandom(stride), "big") & mask)).to_bytes(stride, "big")
            for _ in range(height)]
    pixbuf = GdkPixbuf.Pixbuf.new_from_bytes(GLib.Bytes.new(b"".join(rows)),
                                             GdkPixbuf.Colorspace.RGB, False, 8,
                                             width, height, stride)
    pixbuf.savev(path, "jpeg", ["quality"], ["92"])
    size = os.path.getsize(path)
    if not 1_000_000 <= size <= 3_000_000:
        fail("test photo %s is %d bytes, not 1-3 MB" % (path, size))


class ProtocolError(Exception):
    pass


class DevTools:
    """A minimal synchronous DevTools protocol client for one page."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=DEADLINE, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise ProtocolError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            fail("evaluating %s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def navigate(self, url):
        self.send("Page.navigate", url=url)

        def loaded():
            # The old document's context may go away under an evaluation.
            try:
                return self.evaluate("document.readyState === 'complete' "
                                     "&& location.href === %s" % json.dumps(url))
            except ProtocolError:
                return False
        wait_for("the page to load", loaded)

    def screenshot(self, name):
        """The page as the phone shows it, for people to look at."""
        directory = os.path.join(os.environ.get("G_TEST_BUILDDIR", "."), "screenshots")
        os.makedirs(directory, exist_ok=True)
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = os.path.join(directory, name + ".png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("# Rendered " + path)

    def close(self):
        self.ws.close()


def main():
    if len(sys.argv) != 2:
        fail("usage: test-handoff-page.py path/to/xuexin-accountd")
    accountd = sys.argv[1]
    work = tempfile.mkdtemp(prefix="xuexin-handoff-page-")
    daemon = None
    browser = None
    try:
        data_dir = os.path.join(work, "data")
        port = free_port()
        api = Api("http://127.0.0.1:%d/api/v1" % port)
        log = open(os.path.join(work, "accountd.log"), "w")
        daemon = subprocess.Popen([accountd, "--demo", "-d", data_dir, "--delivery", "outbox",
                                   "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)

        def healthy():
            if daemon.poll() is not None:
                fail("xuexin-accountd exited: " + open(log.name).read())
            try:
                return api.call("GET", "/health")[0] == 200
            except OSError:
                return False
        wait_for("the service", healthy)

        # A pending account: 赵明哲 has an active demo account already.
        status, _ = api.json("POST", "/sms-codes", {"phone": PHONE, "purpose": "register"})
        check("register code sent", status in (200, 201, 202))
        with open(os.path.join(data_dir, "outbox.jsonl")) as outbox:
            code = [json.loads(line) for line in outbox if line.strip()][-1]["code"]
        status, reply = api.json("POST", "/accounts", {
            "phone": PHONE, "sms_code": code, "name": NAME, "id_type": "resident_id",
            "id_number": ID_NUMBER, "password": PASSWORD, "password_confirmation": PASSWORD,
            "reregister": True})
        check("registered", status == 201)
        status, reply = api.json("POST", "/sessions", {"login_name": PHONE, "password": PASSWORD})
        check("signed in", status == 201)
        token = reply["token"]
        check("pending", reply["account"]["state"] == "pending_identity")

        status, reply = api.json("POST", "/me/identity/case/handoff", {}, token)
        check("hand-off created", status == 201)
        url = reply["handoff"]["url"]

        photos = []
        for i, side in enumerate(SIDES):
            path = os.path.join(work, side + ".jpg")
            make_photo(path, i)
            photos.append(path)

        profile = os.path.join(work, "chromium")
        browser = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox",
                                    "--remote-debugging-port=0", "--remote-allow-origins=*",
                                    "--user-data-dir=" + profile, "--no-first-run",
                                    "--disable-gpu", "--lang=en-US", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")

        def devtools_port():
            if browser.poll() is not None:
                fail("chromium exited")
            try:
                with open(port_file) as f:
                    lines = f.read().split("\n")
                return int(lines[0]) if lines[0] else None
            except (OSError, ValueError):
                return None
        devtools = wait_for("chromium's DevTools port", devtools_port)

        def page_target():
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % devtools) as f:
                    targets = json.load(f)
            except OSError:
                return None
            pages = [t for t in targets if t.get("type") == "page"]
            return pages[0]["webSocketDebuggerUrl"] if pages else None
        page = DevTools(wait_for("a page target", page_target))
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Emulation.setDeviceMetricsOverride", width=360, height=740,
                  deviceScaleFactor=2, mobile=True)

        page.navigate(url + "?lang=en")
        check("the English page", page.evaluate("document.title") == "Take ID Photos with Your Phone")
        check("the masked name only", page.evaluate("document.body.innerText.includes('*明哲')")
              and not page.evaluate("document.body.innerText.includes(%s)" % json.dumps(NAME)))
        check("no horizontal scrolling at 360 px",
              page.evaluate("document.documentElement.scrollWidth") <= 360)
        page.screenshot("handoff-page-en")

        root = page.send("DOM.getDocument")["root"]["nodeId"]
        for side, path in zip(SIDES, photos):
            node = page.send("DOM.querySelector", nodeId=root, selector="#file-" + side)["nodeId"]
            check("file input for " + side, node != 0)
            page.send("DOM.setFileInputFiles", nodeId=node, files=[path])

        statuses = "[...document.querySelectorAll('[role=status]')].map(e => e.textContent)"

        def all_done():
            if page.evaluate("!!document.querySelector('.error')"):
                fail("the page shows an error: %s" % page.evaluate(statuses))
            return page.evaluate("!document.getElementById('done').hidden "
                                 "&& document.getElementById('done').textContent")
        done = wait_for("the three uploads", all_done)
        check("the page says done", done == "Done — finish on the help-desk screen")
        check("three thumbnails",
              page.evaluate("[...document.querySelectorAll('img')]"
                            ".filter(i => !i.hidden && i.complete && i.naturalWidth > 0).length")
              == 3)
        check("still no horizontal scrolling",
              page.evaluate("document.documentElement.scrollWidth") <= 360)
        page.screenshot("handoff-page-done-en")

        # Over HTTP: the case holds three valid photos, each fitted.
        status, reply = api.json("GET", "/me/identity/case", None, token)
        check("case read", status == 200)
        by_side = {p["side"]: p for p in reply["case"]["photos"]}
        check("three photos in the draft", sorted(by_side) == sorted(SIDES))
        for side in SIDES:
            photo = by_side[side]
            status, data, headers = api.call("GET", "/me/identity/case/photos/" + side, token=token)
            check("%s photo is a JPEG of %d bytes" % (side, len(data)),
                  status == 200 and data[:3] == b"\xff\xd8\xff" and len(data) <= MAX_PHOTO
                  and photo["size"] <= MAX_PHOTO)
            long_side = max(photo["width"], photo["height"])
            short_side = min(photo["width"], photo["height"])
            check("%s photo is %dx%d" % (side, photo["width"], photo["height"]),
                  600 <= long_side <= 1600 and short_side >= 400)

        # After a reload the page knows what is there.
        page.navigate(url + "?lang=zh")
        check("the Chinese page", page.evaluate("document.title") == "用手机拍摄证件照片")
        wait_for("the uploaded photos after a reload",
                 lambda: page.evaluate("document.getElementById('done').textContent")
                 == "已完成，请回到服务台屏幕上继续")
        page.screenshot("handoff-page-done-zh_CN")

        # Revoked: the same link now shows the 410 page.
        status, _, _ = api.call("DELETE", "/me/identity/case/handoff", token=token)
        check("revoked", status == 204)
        status, _, _ = api.call("GET", url[len(api.base):])
        check("410 for the revoked link", status == 410)
        page.navigate(url)
        check("the expired page", page.evaluate("document.title") == "This link has expired")
        check("what to do next",
              page.evaluate("document.body.innerText.includes("
                            "'Scan the new code on the help-desk screen')"))
        check("no inputs on the expired page",
              page.evaluate("document.querySelectorAll('input').length") == 0)
        page.navigate(url + "?lang=zh")
        check("the expired page in Chinese",
              page.evaluate("document.title") == "链接已失效"
              and page.evaluate("document.body.innerText.includes('请在服务台屏幕上重新扫码')"))
        check("no horizontal scrolling on the expired page",
              page.evaluate("document.documentElement.scrollWidth") <= 360)
        page.screenshot("handoff-page-expired-zh_CN")

        exceptions = [e for e in page.events if e.get("method") == "Runtime.exceptionThrown"]
        check("no script exceptions", not exceptions)
        page.close()
        print("PASS")
        return 0
    finally:
        for process in (browser, daemon):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
