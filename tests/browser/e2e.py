#!/usr/bin/env python3
"""End-to-end test of the staff console in headless Chromium (Debian's package).

Starts `hccbot serve --dev-chat` on a fresh database, creates an editor with
`hccbot user add`, fills the conversation record through the chat simulator,
then drives the console with the DevTools protocol over --remote-debugging-pipe
(no websocket needed): log in, edit a procedure, run the regression check,
publish, see the simulator's answer change, open the queue and the dashboard.
Screenshots go to --artifacts. Without Chromium the test fails, never skips.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

QUESTION = "khi nào làm pháo hoa xyzzy"
PASSWORD = "mật-khẩu-thử-nghiệm-e2e"


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    def __init__(self, base):
        self.base = base

    def post(self, path, body):
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return json.loads(r.read())


def simulator_ask(http, user, text, timeout=20):
    """Sends one citizen message through the simulator and returns the replies."""
    last = http.get("/dev/chat/replies?user=" + user)["last"]
    http.post("/dev/chat/send", {"user": user, "text": text})
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = http.get("/dev/chat/replies?user=%s&after=%d" % (user, last))
        if r["replies"]:
            time.sleep(0.3)  # a reply may come in several messages
            r = http.get("/dev/chat/replies?user=%s&after=%d" % (user, last))
            return "\n".join(x["text"] for x in r["replies"])
        time.sleep(0.1)
    fail("no reply from the simulator for %r" % text)


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands) and 4 (events)."""

    def __init__(self, chromium, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def setup():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-pipe", "--window-size=1280,900", "about:blank"]
        # close_fds would also close 3 and 4 after preexec_fn has placed them.
        self.proc = subprocess.Popen(args, preexec_fn=setup, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def _read_message(self, timeout):
        deadline = time.time() + timeout
        while b"\0" not in self.buf:
            if time.time() > deadline:
                fail("Chromium did not answer in time")
            import select
            ready, _, _ = select.select([self.from_child], [], [], 1)
            if ready:
                chunk = os.read(self.from_child, 1 << 20)
                if not chunk:
                    fail("Chromium closed the DevTools pipe")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=False, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message(timeout)
            if m.get("id") == self.next_id:
                if "error" in m:
                    fail("%s: %s" % (method, m["error"]))
                return m.get("result", {})

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True},
                      session=True)
        if "exceptionDetails" in r:
            fail("page script error in %r: %s" % (expr[:80], r["exceptionDetails"].get("text")))
        return r["result"].get("value")

    def wait(self, expr, what, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.eval(expr):
                return
            time.sleep(0.15)
        body = self.eval("(() => { const e = document.querySelector('[data-test=errors]');"
                         " return (e ? e.innerText + '\\n---\\n' : '') + document.body.innerText.slice(0, 600); })()")
        fail("timed out waiting for %s; page says:\n%s" % (what, body))

    def goto(self, url):
        self.call("Page.navigate", {"url": url}, session=True)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data["data"]))
        print("screenshot: " + path)

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except SystemExit:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def js_set(selector, value):
    return ("(() => { const e = document.querySelector(%s); if (!e) return false; e.value = %s;"
            " e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()"
            % (json.dumps(selector), json.dumps(value)))


def js_click(selector):
    return ("(() => { const e = document.querySelector(%s); if (!e || e.disabled) return false; e.click();"
            " return true; })()" % json.dumps(selector))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--artifacts", required=True)
    args = ap.parse_args()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("Chromium not found: install Debian's 'chromium' package (scripts/install-deps.sh does) "
             "or set CHROMIUM to its path. The browser test does not pass without a browser.")
    os.makedirs(args.artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="hccbot-e2e-")
    db = os.path.join(work, "hccbot.db")
    server = None
    browser = None
    try:
        subprocess.run([args.binary, "import", "--db", db], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([args.binary, "user", "add", "e2e.editor", "--role", "editor", "--db", db],
                       input=(PASSWORD + "\n").encode(), check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        log = open(os.path.join(args.artifacts, "server.log"), "w")
        server = subprocess.Popen([args.binary, "serve", "--db", db, "--port", str(port), "--dev-chat"],
                                  stdout=log, stderr=log)
        base = "http://127.0.0.1:%d" % port
        http = Http(base)
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            fail("the server did not start; see server.log")

        # Conversation rows for the dashboard and the queue, through the simulator.
        before = simulator_ask(http, "e2e-1", QUESTION)
        if "Đăng ký khai sinh" in before:
            fail("the question is already answered before the edit:\n" + before)
        simulator_ask(http, "e2e-2", "khi nao lm phao hoa xyzzy")
        simulator_ask(http, "e2e-3", "<img src=x onerror=alert(1)> xyzzy")
        answer = simulator_ask(http, "e2e-4", "đăng ký khai sinh")
        if "hài lòng" in answer.lower():
            simulator_ask(http, "e2e-4", "1")

        browser = Browser(chromium, os.path.join(work, "profile"))
        browser.goto(base + "/admin/")
        browser.wait("!!document.querySelector('#login-name')", "the log-in form")
        browser.screenshot(os.path.join(args.artifacts, "01-login.png"))
        browser.eval(js_set("#login-name", "e2e.editor"))
        browser.eval(js_set("#login-password", "wrong password!"))
        browser.eval(js_click("#login-submit"))
        browser.wait("!!document.querySelector('[data-test=errors]')", "the wrong-password message")
        browser.eval(js_set("#login-password", PASSWORD))
        browser.eval(js_click("#login-submit"))
        browser.wait("!!document.querySelector('#nav-procedure')", "the signed-in menu")
        cookie_visible = browser.eval("document.cookie.includes('hccbot_admin')")
        if cookie_visible:
            fail("the session cookie is readable from JavaScript (must be HttpOnly)")

        # Edit a procedure: the question becomes one of its aliases.
        browser.goto(base + "/admin/#/edit/procedure?key=1.001193")
        browser.wait("!!document.querySelector('#f-aliases')", "the procedure form")
        browser.eval("(() => { const t = document.querySelector('#f-aliases'); t.value += '\\n' + %s; return true; })()"
                     % json.dumps(QUESTION))
        browser.eval(js_set("#edit-note", "thêm cách hỏi từ hàng đợi"))
        browser.eval(js_click("#save-draft"))
        browser.wait("!!document.querySelector('.badge.draft')", "the saved draft")
        browser.screenshot(os.path.join(args.artifacts, "02-edit-draft.png"))
        if "Đăng ký khai sinh" in simulator_ask(http, "e2e-5", QUESTION):
            fail("a draft reached the bot before publishing")

        # Regression check, then publish.
        browser.goto(base + "/admin/#/drafts")
        browser.wait("!!document.querySelector('#run-check')", "the drafts page")
        browser.eval(js_click("#run-check"))
        browser.wait("!!document.querySelector('[data-test=check-summary]')", "the regression check", timeout=120)
        browser.screenshot(os.path.join(args.artifacts, "03-check.png"))
        browser.eval(js_click("#publish"))
        browser.wait("document.querySelector('#toast') && document.querySelector('#toast').textContent.includes('Đã xuất bản')",
                     "the publish confirmation")
        after = simulator_ask(http, "e2e-6", QUESTION)
        if "Đăng ký khai sinh" not in after:
            fail("after publishing, the simulator still does not answer with the edited procedure:\n" + after)
        print("simulator before: " + before.splitlines()[0])
        print("simulator after:  " + after.splitlines()[0])

        # The queue shows citizen text as text, never as markup.
        browser.goto(base + "/admin/#/queue")
        browser.wait("document.body.innerText.includes('onerror=alert(1)')", "the unanswered queue")
        if browser.eval("document.querySelectorAll('#view img').length") != 0:
            fail("citizen text became an <img> element in the queue")
        browser.screenshot(os.path.join(args.artifacts, "04-queue.png"))

        # Dashboard, on a laptop and on a phone.
        browser.goto(base + "/admin/#/dashboard")
        browser.wait("!!document.querySelector('#dashboard .kpis') && document.querySelectorAll('#dashboard svg').length >= 3",
                     "the dashboard charts")
        questions = browser.eval("document.querySelector('#dashboard .kpi .v').textContent")
        if not questions or int(questions) < 5:
            fail("the dashboard counts %r questions, expected at least 5" % questions)
        browser.screenshot(os.path.join(args.artifacts, "05-dashboard.png"))
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}, session=True)
        browser.goto(base + "/admin/#/dashboard")
        browser.wait("!!document.querySelector('#dashboard .kpis')", "the dashboard on a phone")
        overflow = browser.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        browser.screenshot(os.path.join(args.artifacts, "06-dashboard-phone.png"))
        if overflow > 8:
            fail("the dashboard is %d px wider than a phone screen" % overflow)
        print("PASS: log-in, edit, check, publish, answer changed, queue, dashboard")
    finally:
        if browser:
            browser.close()
        if server:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
