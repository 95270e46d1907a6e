#!/usr/bin/env python3
"""Checks what scripts/crash_test.sh left behind (also usable after any run).

--wait S: wait up to S seconds until no event and no text is pending, then exit.
Otherwise compare the events acknowledged with 200 (--acked, one msg_id per
line) with the inbox, the outbox and the texts the fake Zalo API received
(--delivered, JSON Lines): every acknowledged event must be stored, finished,
and each of its reply texts delivered exactly once, or be a dead letter with a
reason; the database must pass PRAGMA integrity_check. Exit status 1 otherwise.
"""
import argparse
import collections
import json
import sqlite3
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--db", required=True)
ap.add_argument("--acked")
ap.add_argument("--delivered")
ap.add_argument("--wait", type=float, default=0)
args = ap.parse_args()


def connect():
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True, timeout=30)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


if args.wait:
    deadline = time.time() + args.wait
    while time.time() < deadline:
        db = connect()
        pending = db.execute("SELECT (SELECT count(*) FROM inbox WHERE state = 'pending')"
                             " + (SELECT count(*) FROM outbox WHERE state = 'pending')").fetchone()[0]
        db.close()
        if pending == 0:
            sys.exit(0)
        time.sleep(0.5)
    print(f"still pending after {args.wait:.0f} s: {pending}")
    sys.exit(1)

db = connect()
integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
acked = [l.strip() for l in open(args.acked, encoding="utf-8") if l.strip()]
delivered = collections.Counter()
for line in open(args.delivered, encoding="utf-8"):
    if line.strip():
        req = json.loads(line)
        msg = req.get("message", {})
        delivered[(msg.get("quote_message_id", ""), msg.get("text", ""))] += 1

inbox = {}
for key, state, outcome in db.execute("SELECT dedupe_key, state, outcome FROM inbox"):
    inbox[key] = (state, outcome)
texts = collections.defaultdict(list)
for quote, text, state, reason in db.execute("SELECT quote_msg_id, text, state, dead_reason FROM outbox"):
    texts[quote].append((text, state, reason))

lost, not_stored, unfinished, duplicated, dead, dead_without_reason, answered = [], [], [], [], 0, [], 0
for msg in acked:
    row = inbox.get("user_send_text:" + msg)
    if row is None:
        not_stored.append(msg)
        continue
    if row[0] == "pending":
        unfinished.append(msg)
        continue
    rows = texts.get(msg, [])
    if not rows:
        lost.append(msg)
        continue
    ok = True
    wanted = collections.Counter()
    for text, state, reason in rows:
        if state == "sent":
            wanted[(msg, text)] += 1
        elif state == "dead":
            dead += 1
            if not reason:
                dead_without_reason.append(msg)
        else:
            unfinished.append(msg)
            ok = False
    for k, n in wanted.items():
        if delivered[k] == 0:
            lost.append(msg)
            ok = False
        elif delivered[k] > n:
            duplicated.append(msg)
            ok = False
    if ok:
        answered += 1

acked_set = set(acked)
strays = sum(n for (quote, _), n in delivered.items() if quote.startswith("crash") and quote not in acked_set)
print(f"acknowledged={len(acked)} distinct={len(acked_set)} answered={answered} dead_letters={dead} "
      f"lost={len(lost) + len(not_stored)} duplicated={len(duplicated)} unfinished={len(unfinished)} "
      f"dead_without_reason={len(dead_without_reason)} replies_for_unacknowledged={strays} "
      f"integrity_check={integrity}")
for name, items in (("not stored", not_stored), ("lost", lost), ("duplicated", duplicated),
                    ("unfinished", unfinished), ("dead letter without reason", dead_without_reason)):
    if items:
        print(f"{name}: {' '.join(items[:10])}{' …' if len(items) > 10 else ''}")
bad = lost or not_stored or duplicated or unfinished or dead_without_reason or integrity != "ok" \
    or len(acked_set) != len(acked)
sys.exit(1 if bad else 0)
