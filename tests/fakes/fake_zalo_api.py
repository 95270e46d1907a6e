#!/usr/bin/env python3
"""A fake Zalo OA API on loopback, for manual end-to-end checks only.

Speaks the real protocol (ZALO_OA.md): POST /v3.0/oa/message/cs with the
access_token header answers {"error":0,...}; every request is printed and
appended to the JSON Lines file given with --log.

usage: fake_zalo_api.py [--port 9099] [--log received.jsonl]
"""
import argparse, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=9099)
parser.add_argument("--log", default="")
args = parser.parse_args()
counter = [0]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != "/v3.0/oa/message/cs":
            self.send_response(404); self.end_headers(); return
        try:
            req = json.loads(body)
            text = req["message"]["text"]
            user = req["recipient"]["user_id"]
        except Exception:
            return self.reply({"error": -201, "message": "Parameter is invalid"})
        if not self.headers.get("access_token"):
            return self.reply({"error": -216, "message": "Access token is invalid"})
        counter[0] += 1
        print(f"--- to {user}:\n{text}\n", flush=True)
        if args.log:
            with open(args.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(req, ensure_ascii=False) + "\n")
        self.reply({"data": {"message_id": f"fake{counter[0]}", "user_id": user}, "error": 0, "message": "Success"})

    def reply(self, obj):
        data = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
