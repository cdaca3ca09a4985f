"""Helpers shared by the end-to-end tests: run vigie, read its outputs, craft pcaps."""
import json
import os
import struct
import subprocess
import tempfile

VIGIE = os.environ.get("VIGIE_BIN", "build/vigie")
SRC = os.environ.get("VIGIE_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
SHARED = os.path.abspath(os.path.join(SRC, "..", "shared"))
DEMO_PCAP = os.path.join(SRC, "data", "demo", "demo.pcap")
DEMO_RULES = os.path.join(SRC, "data", "demo", "demo.rules")


def run(*args, timeout=300, **kw):
    return subprocess.run([VIGIE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout, **kw)


def run_demo_with_db(*extra):
    """vigie run on the demo capture with --db; returns (outdir, db path, the completed process)."""
    out = tmpdir()
    db = os.path.join(out, "vigie.db")
    r = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--no-progress", "--db", db, *extra)
    assert r.returncode == 0, r.stderr
    return out, db, r


def read_eve(outdir, name="eve.json"):
    with open(os.path.join(outdir, name)) as f:
        return [json.loads(line) for line in f]


def alerts(events):
    return [e for e in events if e.get("event_type") == "alert"]


def count_by_sid(events):
    counts = {}
    for e in alerts(events):
        sid = e["alert"]["signature_id"]
        counts[sid] = counts.get(sid, 0) + 1
    return counts


def alert_keys(events):
    """What identifies an alert independently of worker scheduling."""
    return sorted((e["pcap_cnt"], e["alert"]["signature_id"]) for e in alerts(events))


def write_pcap(path, frames, linktype=1):
    """frames: list of (ts_sec, ts_usec, bytes)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for sec, usec, data in frames:
            f.write(struct.pack("<IIII", sec, usec, len(data), len(data)))
            f.write(data)


def read_pcap_frames(path):
    """Minimal reader for the little-endian microsecond pcaps the tests make."""
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack("<I", data[:4])
    assert magic == 0xA1B2C3D4, "test helper reads little-endian usec pcaps only"
    linktype, = struct.unpack("<I", data[20:24])
    pos, frames = 24, []
    while pos + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        frames.append((sec, usec, data[pos + 16:pos + 16 + incl]))
        pos += 16 + incl
    return linktype, frames


def tmpdir():
    return tempfile.mkdtemp(prefix="vigie-e2e-")
