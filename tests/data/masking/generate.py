#!/usr/bin/env python3
"""Regenerates the masking corpus (deterministic: fixed seed).

Each line: {"text": ..., "personal": [{"value": ..., "kind": "phone"|"id"}], "keep": [...]}
"personal" values must be masked completely; "keep" values must survive verbatim.
Every number is made up; no line holds a real person's number.
Run: tests/data/masking/generate.py  (writes personal.jsonl and keep.jsonl beside it)
"""
import json
import os
import random

rng = random.Random(20261126)
HERE = os.path.dirname(os.path.abspath(__file__))
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
MOBILE = ["032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "059", "070", "076", "077",
          "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "092", "093",
          "094", "096", "097", "098", "099"]
LANDLINE = ["0276", "0274", "0272", "028", "024", "0251"]


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def mobile():
    return rng.choice(MOBILE) + digits(7)


def landline():
    area = rng.choice(LANDLINE)
    return area + digits(11 - len(area))


def cccd():
    return "0" + f"{rng.randint(1, 96):02d}" + str(rng.randint(0, 3)) + f"{rng.randint(0, 99):02d}" + digits(6)


def cmnd():
    return rng.choice("0123") + digits(8)


def spaced(d, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s])
        i += s
    if i < len(d):
        out.append(d[i:])
    return sep.join(out)


def phone_variants(d):
    """Ways people write a 10-digit mobile number."""
    rest = d[1:]
    return [
        d,
        spaced(d, [4, 3, 3], " "),
        spaced(d, [3, 3, 4], " "),
        spaced(d, [4, 3, 3], "."),
        spaced(d, [3, 3, 4], "."),
        spaced(d, [4, 3, 3], "-"),
        "+84" + rest,
        "+84 " + spaced(rest, [3, 3, 3], " "),
        "84" + rest,
        "+84" + spaced(rest, [2, 3, 4], "."),
        insert_zw(d),
        insert_zw(spaced(d, [4, 3, 3], " ")),
    ]


def id_variants(d):
    if len(d) == 12:
        return [d, d, spaced(d, [3, 3, 3, 3], " "), spaced(d, [4, 4, 4], " "), spaced(d, [3, 3, 3, 3], "."),
                insert_zw(d)]
    return [d, d, spaced(d, [3, 3, 3], " "), insert_zw(d)]


def insert_zw(s):
    pos = rng.randint(1, len(s) - 1)
    return s[:pos] + rng.choice(ZW) + s[pos:]


PHONE_TEMPLATES = [
    "Số điện thoại của tôi là {p}",
    "sdt {p} nhé",
    "SĐT: {p}",
    "sđt:{p}",
    "gọi giúp em qua số {p} ạ",
    "Cán bộ liên hệ lại {p} giúp tôi",
    "Em tên Lan, {p}, ở phường Gò Dầu",
    "zalo {p} nha ad",
    "Tôi 45 tuổi, điện thoại {p}",
    "số 2 {p}",
    "nhà số 12 {p}",
    "con tôi 5 tuổi, liên hệ {p}",
    "năm 2025 tôi đổi số sang {p}",
    "({p})",
    "hotline nhà em {p}.",
    "số mới {p}, số cũ không dùng nữa",
]
ID_TEMPLATES = [
    "cccd {i} bị mất",
    "Số CCCD: {i}",
    "căn cước của em là {i} ạ",
    "CMND số {i} cấp năm 2010",
    "số định danh cá nhân {i}",
    "em 35 tuổi cccd {i}",
    "mã số {i} của tôi",
    "cccd{i}",
    "giấy tờ số {i}, phí 50.000 đồng",
    "số 3 {i}",
]
PAIR_TEMPLATES = [
    "{a} hoặc {b}",
    "{a} {b}",
    "{a}, {b}",
    "{a}/{b}",
    "sđt {a} cccd {b}",
]
KEEP = [
    ("Thủ tục mã {k} cần giấy tờ gì", ["1.001193", "1.000656", "2.000488", "1.003048", "2.002371"]),
    ("Lệ phí {k}", ["50.000 đồng", "100.000.000 đồng", "2.000.000đ", "1.500.000 VNĐ", "300.000 đ",
                    "25.000đ", "1,200,000 đ", "200.000.000 VND", "15.000.000 đồng"]),
    ("hẹn trả ngày {k}", ["26/11/2026", "01/12/2026", "26-11-2026", "15/01/2027", "26.11.2026"]),
    ("năm {k}", ["2025", "2026", "1990", "2010"]),
    ("mã hồ sơ {k}", ["000.00.25.H53-251126-0001", "H53.22-251126-0042", "000.00.12.H53-260101-0012",
                      "BN-2026-000123"]),
    ("Quyết định {k}", ["1234/QĐ-UBND", "2789/QĐ-BCA", "Nghị định 123/2015/NĐ-CP", "số 15/2023/TT-BCA"]),
    ("thời hạn {k} ngày làm việc", ["15", "3", "30", "05"]),
    ("mở cửa {k}", ["7h00–11h30", "13h30 - 17h00", "7:30"]),
    ("mã bưu chính {k}", ["840000", "80000"]),
    ("diện tích {k} m2", ["120,5", "1.250", "45.6"]),
    ("bé sinh được {k} ngày", ["20", "7"]),
    ("phòng {k} tầng 2", ["301", "12A"]),
    ("số tiền {k} đồng đã nộp ngày 26/11/2026", ["3.500.000", "100.000"]),
]


def main():
    personal_lines = []
    for _ in range(24):
        d = mobile()
        for v in phone_variants(d):
            t = rng.choice(PHONE_TEMPLATES)
            personal_lines.append({"text": t.format(p=v), "personal": [{"value": v, "kind": "phone"}], "keep": []})
    for _ in range(12):
        d = landline()
        for v in [d, spaced(d, [4, 3, 4], " "), spaced(d, [4, 3, 4], "."), insert_zw(d)]:
            t = rng.choice(PHONE_TEMPLATES)
            personal_lines.append({"text": t.format(p=v), "personal": [{"value": v, "kind": "phone"}], "keep": []})
    for _ in range(24):
        for d in (cccd(), cmnd()):
            for v in id_variants(d):
                t = rng.choice(ID_TEMPLATES)
                personal_lines.append({"text": t.format(i=v), "personal": [{"value": v, "kind": "id"}], "keep": []})
    for _ in range(40):
        a = rng.choice(phone_variants(mobile())[:6])
        kind_b = rng.choice(["phone", "id"])
        b = rng.choice(phone_variants(mobile())[:6]) if kind_b == "phone" else cccd()
        t = rng.choice(PAIR_TEMPLATES)
        personal_lines.append({"text": t.format(a=a, b=b),
                               "personal": [{"value": a, "kind": "phone"}, {"value": b, "kind": kind_b}],
                               "keep": []})
    # Personal numbers next to things that must stay.
    for _ in range(30):
        p = rng.choice(phone_variants(mobile())[:6])
        tmpl, values = rng.choice(KEEP)
        k = rng.choice(values)
        personal_lines.append({"text": tmpl.format(k=k) + ", gọi " + p,
                               "personal": [{"value": p, "kind": "phone"}], "keep": [k]})
    keep_lines = []
    for tmpl, values in KEEP:
        for k in values:
            keep_lines.append({"text": tmpl.format(k=k), "personal": [], "keep": [k]})
    for _ in range(60):
        (t1, v1), (t2, v2) = rng.sample(KEEP, 2)
        k1, k2 = rng.choice(v1), rng.choice(v2)
        keep_lines.append({"text": t1.format(k=k1) + ", " + t2.format(k=k2), "personal": [], "keep": [k1, k2]})
    for name, lines in (("personal.jsonl", personal_lines), ("keep.jsonl", keep_lines)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(name, len(lines))


if __name__ == "__main__":
    main()
