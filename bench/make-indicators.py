#!/usr/bin/env python3
"""Writes the benchmark's indicator lists: N IPv4 indicators (95% single addresses,
5% /24 blocks) and N domains, deterministic (seeded), as plain lists for
`vigie run --indicators` / `vigie intel import`. Usage: make-indicators.py OUTDIR [N]"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(20261127)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "ips.txt"), "w") as f:
    for _ in range(n):
        a = rng.randrange(1, 224)
        if rng.random() < 0.05:
            f.write("ip %d.%d.%d.0/24\n" % (a, rng.randrange(256), rng.randrange(256)))
        else:
            f.write("ip %d.%d.%d.%d\n" % (a, rng.randrange(256), rng.randrange(256), rng.randrange(256)))
letters = "abcdefghijklmnopqrstuvwxyz0123456789"
tlds = ["com", "net", "org", "info", "ru", "cn", "xyz", "top", "io", "de"]
with open(os.path.join(out, "domains.txt"), "w") as f:
    for _ in range(n):
        label = "".join(rng.choice(letters) for _ in range(rng.randrange(6, 16)))
        sub = "" if rng.random() < 0.7 else "".join(rng.choice(letters) for _ in range(4)) + "."
        f.write("domain %s%s.%s\n" % (sub, label, rng.choice(tlds)))
