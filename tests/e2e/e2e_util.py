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


def _csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    """One Ethernet/IPv4/TCP frame with valid checksums (flags: 'S', 'SA', 'A', 'PA', 'FA')."""
    bits = {"F": 1, "S": 2, "R": 4, "P": 8, "A": 16}
    fl = sum(bits[c] for c in flags)
    s, d = bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, fl, 65535, 0, 0)
    pseudo = s + d + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack("!H", _csum(pseudo + tcp + payload)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 1, 0, 64, 6, 0, s, d)
    ip = ip[:10] + struct.pack("!H", _csum(ip)) + ip[12:]
    eth = b"\x00\x11\x22\x33\x44\x55" + b"\x66\x77\x88\x99\xaa\xbb" + b"\x08\x00"
    return eth + ip + tcp + payload


def tcp_session(client, server, cport, sport, request, response, t0=1700000000, mss=1400):
    """Frames of one whole TCP conversation: handshake, the request, the response in
    MSS-sized segments each acknowledged, and both FINs. Returns write_pcap's list."""
    frames, t = [], [0]

    def add(*a, **kw):
        frames.append((t0, t[0], tcp_frame(*a, **kw)))
        t[0] += 1000
    cseq, sseq = 1000, 5000
    add(client, server, cport, sport, cseq, 0, "S")
    add(server, client, sport, cport, sseq, cseq + 1, "SA")
    cseq += 1
    sseq += 1
    add(client, server, cport, sport, cseq, sseq, "A")
    add(client, server, cport, sport, cseq, sseq, "PA", request)
    cseq += len(request)
    add(server, client, sport, cport, sseq, cseq, "A")
    for i in range(0, len(response), mss):
        seg = response[i:i + mss]
        add(server, client, sport, cport, sseq, cseq, "PA", seg)
        sseq += len(seg)
        add(client, server, cport, sport, cseq, sseq, "A")
    add(client, server, cport, sport, cseq, sseq, "FA")
    add(server, client, sport, cport, sseq, cseq + 1, "FA")
    add(client, server, cport, sport, cseq + 1, sseq + 1, "A")
    return frames
