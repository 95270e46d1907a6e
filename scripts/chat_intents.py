#!/usr/bin/env python3
"""How the conversation routes the development questions: each question of
tests/data/dev_questions.jsonl is sent as the first message of a new citizen
(`hccbot chat`), and the table counts (question kind, bot intent). For
procedure questions it also counts answers with an expected procedure.

    scripts/chat_intents.py [--bin build/hccbot] [--show INTENT ...]
"""
import argparse
import collections
import json
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/hccbot")
    ap.add_argument("--questions", default="tests/data/dev_questions.jsonl")
    ap.add_argument("--show", nargs="*", default=[], help="print the questions routed to these intents")
    a = ap.parse_args()
    questions = [json.loads(line) for line in open(a.questions, encoding="utf-8") if line.strip()]
    table = collections.Counter()
    right = 0
    procedures = 0
    for q in questions:
        p = subprocess.run([a.bin, "chat", "--user", "measure"], input=q["q"].replace("\n", " ") + "\n",
                           capture_output=True, text=True, check=True)
        tag = next(line for line in p.stdout.splitlines() if line.startswith("["))
        parts = tag.strip("[]").split(" ")
        intent, pid = parts[0], (parts[1] if len(parts) > 1 else "")
        table[(q["kind"], intent)] += 1
        if q["kind"] == "procedure":
            procedures += 1
            right += pid in q.get("expect", [])
        if intent in a.show:
            print(f"{intent:16} {q['kind']:13} {q['q'][:90]}")
    for (kind, intent), n in sorted(table.items()):
        print(f"{kind:13} {intent:16} {n}")
    print(f"procedure questions answered with an expected procedure: {right} of {procedures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
