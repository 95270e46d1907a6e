#!/usr/bin/env python3
"""Signs a Zalo webhook event the way Zalo does and POSTs it.

mac = sha256(app_id + raw_body + timestamp + oa_secret_key). With --now the
event's timestamp is replaced by the current time first (the server refuses
events older than 24 h), and --text replaces message.text.

usage: post_event.py FILE [--url http://127.0.0.1:8080/webhook] [--now] [--text "..."]
  app id and secret: ZALO_APP_ID (default the fixtures' 7000000000000000001) and
  ZALO_OA_SECRET_KEY (default the fixtures' fake key).
"""
import argparse, hashlib, json, os, time, urllib.request, urllib.error

p = argparse.ArgumentParser()
p.add_argument("file")
p.add_argument("--url", default="http://127.0.0.1:8080/webhook")
p.add_argument("--now", action="store_true")
p.add_argument("--text")
p.add_argument("--user")
a = p.parse_args()
app_id = os.environ.get("ZALO_APP_ID", "7000000000000000001")
secret = os.environ.get("ZALO_OA_SECRET_KEY", "FAKE_OA_SECRET_KEY_000000000001")
raw = open(a.file, "rb").read()
if a.now or a.text or a.user:
    ev = json.loads(raw)
    if a.now:
        ev["timestamp"] = str(int(time.time() * 1000))
        if "message" in ev and "msg_id" in ev["message"]:
            ev["message"]["msg_id"] = "%020x" % time.time_ns()
    if a.text is not None:
        ev["message"]["text"] = a.text
    if a.user:
        ev["sender"]["id"] = a.user
    raw = json.dumps(ev, ensure_ascii=False).encode()
ts = json.loads(raw)["timestamp"]
mac = hashlib.sha256(app_id.encode() + raw + ts.encode() + secret.encode()).hexdigest()
req = urllib.request.Request(a.url, data=raw, method="POST",
                             headers={"Content-Type": "application/json", "X-ZEvent-Signature": "mac=" + mac})
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
