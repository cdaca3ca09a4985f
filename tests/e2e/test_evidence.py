"""End-to-end: the chain of evidence. keygen, `run --evidence` on the demo capture,
EVE alerts pointing at their records, export, offline verify (with replay), tamper
and bad-input cases, and a run killed with SIGKILL while it writes evidence."""
import json
import os
import random
import signal
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from e2e_util import DEMO_PCAP, DEMO_RULES, VIGIE, alerts, read_eve, run, tmpdir  # noqa: E402


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def one_error_line(test, proc):
    test.assertNotEqual(proc.returncode, 0, proc.stdout)
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    test.assertEqual(len(lines), 1, proc.stderr)
    test.assertTrue(lines[0].startswith("vigie: error: "), lines[0])


class EvidenceDemo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tmpdir()
        cls.keys = os.path.join(cls.dir, "keys")
        cls.keygen = run("keygen", "-o", cls.keys)
        cls.out = os.path.join(cls.dir, "out")
        cls.proc = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", cls.out, "--no-progress",
                       "--evidence", "--key", os.path.join(cls.keys, "sensor.key"))
        cls.events = read_eve(cls.out)
        cls.store = os.path.join(cls.out, "evidence")
        cls.pub = os.path.join(cls.keys, "sensor.pub")

    def test_keygen_files_and_refusal_to_overwrite(self):
        self.assertEqual(self.keygen.returncode, 0, self.keygen.stderr)
        st = os.stat(os.path.join(self.keys, "sensor.key"))
        self.assertEqual(st.st_mode & 0o777, 0o600)
        self.assertEqual(st.st_size, 64)
        self.assertEqual(os.path.getsize(self.pub), 32)
        one_error_line(self, run("keygen", "-o", self.keys))

    def test_every_alert_points_at_its_record_and_counts_are_unchanged(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        plain = tmpdir()
        run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", plain, "--no-progress")
        without = sorted((a["pcap_cnt"], a["alert"]["signature_id"]) for a in alerts(read_eve(plain)))
        with_ev = alerts(self.events)
        self.assertEqual(sorted((a["pcap_cnt"], a["alert"]["signature_id"]) for a in with_ev), without)
        for a in with_ev:
            ev = a["vigie"]["evidence"]
            self.assertRegex(ev["id"], r"^[0-9a-f]{16}\.\d+$")
            self.assertRegex(ev["record_sha256"], r"^[0-9a-f]{64}$")
            self.assertTrue(ev["id"].startswith(ev["record_sha256"][:16]))
            self.assertIsInstance(ev["log_index"], int)
        self.assertIn("evidence: ", self.proc.stdout)
        self.assertFalse(any("sensor.key" in f for f in os.listdir(self.out)), "the secret key is never output")

    def test_store_verifies(self):
        p = run("verify", "--store", self.store, "--key", self.pub)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("VALID", p.stdout)

    def export(self, *query):
        path = os.path.join(tmpdir(), "b.vgb")
        p = run("evidence", "export", "--store", self.store, *query, "-o", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        return path

    def test_export_alert_and_verify_with_replay(self):
        ftp = [a for a in alerts(self.events) if a["alert"]["signature_id"] == 9000001][0]
        bundle = self.export("--alert", ftp["vigie"]["evidence"]["id"])
        p = run("verify", bundle, "--key", self.pub, "--replay")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("VALID", p.stdout)
        self.assertRegex(p.stdout, r"replay: (\d+) of \1 alerts re-derived")

    def test_export_flow_and_time_window(self):
        a = alerts(self.events)[0]
        p = run("verify", self.export("--flow", str(a["flow_id"])), "--key", self.pub)
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("verify", self.export("--since", "2000-01-01T00:00:00", "--until", "2100-01-01T00:00:00"),
                "--key", self.pub, "--replay")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(f"{len(alerts(self.events))} alerts", p.stdout)

    def test_tampered_bundle_fails_with_one_line(self):
        bundle = self.export("--since", "0", "--until", "2000000000")
        data = read_bytes(bundle)
        rng = random.Random(4)
        # every byte of the first two tar headers, and random positions elsewhere
        # (the unit tests flip every byte of a bundle in-process)
        positions = list(range(0, 512, 7)) + list(range(1536, 2048, 7)) + rng.sample(range(len(data)), 150)
        bad = os.path.join(tmpdir(), "bad.vgb")
        for pos in positions:
            b = bytearray(data)
            b[pos] ^= 1 << rng.randrange(8)
            write_bytes(bad, b)
            p = run("verify", bad, "--key", self.pub)
            self.assertEqual(p.returncode, 1, f"byte {pos}: {p.stdout}")
            self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)

    def test_bad_inputs(self):
        bundle = self.export("--since", "0", "--until", "2000000000")
        other = os.path.join(tmpdir(), "k2")
        run("keygen", "-o", other)
        one_error_line(self, run("verify", bundle, "--key", os.path.join(other, "sensor.pub")))
        one_error_line(self, run("verify", bundle + ".missing", "--key", self.pub))
        one_error_line(self, run("verify", bundle, "--key", self.pub + ".missing"))
        one_error_line(self, run("verify", DEMO_PCAP, "--key", self.pub))
        one_error_line(self, run("verify", bundle, "--key", os.path.join(self.keys, "sensor.key")))
        one_error_line(self, run("verify", "--store", self.store, "--key", os.path.join(other, "sensor.pub")))
        one_error_line(self, run("evidence", "export", "--store", self.store, "--flow", "1", "-o",
                                 os.path.join(tmpdir(), "x.vgb")))
        out = tmpdir()
        for key in (None, os.path.join(out, "missing.key"), self.pub):
            args = ["run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--no-progress", "--evidence"]
            p = run(*args, *(["--key", key] if key else []))
            one_error_line(self, p)
        # a bundle truncated anywhere
        data = read_bytes(bundle)
        cut = os.path.join(tmpdir(), "cut.vgb")
        for n in (0, 100, 512, len(data) // 2, len(data) - 1):
            write_bytes(cut, data[:n])
            one_error_line(self, run("verify", cut, "--key", self.pub))


def big_capture(path, rounds):
    """The demo capture repeated `rounds` times, each copy 1000 s later."""
    data = read_bytes(DEMO_PCAP)
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    with open(path, "wb") as f:
        f.write(data[:24])
        for r in range(rounds):
            pos = 24
            while pos + 16 <= len(data):
                sec, frac, incl, orig = struct.unpack(endian + "IIII", data[pos:pos + 16])
                f.write(struct.pack(endian + "IIII", sec + 1000 * r, frac, incl, orig))
                f.write(data[pos + 16:pos + 16 + incl])
                pos += 16 + incl


class EvidenceCrash(unittest.TestCase):
    def test_sigkill_while_writing_then_reopen(self):
        d = tmpdir()
        keys = os.path.join(d, "keys")
        run("keygen", "-o", keys)
        pcap = os.path.join(d, "big.pcap")
        big_capture(pcap, 40)
        out = os.path.join(d, "out")
        args = ["run", "-r", pcap, "-S", DEMO_RULES, "-l", out, "--no-progress", "--evidence",
                "--key", os.path.join(keys, "sensor.key"), "--evidence-checkpoint-every", "1"]
        # a checkpoint (two fsyncs) per record keeps the run writing evidence long enough to kill it
        proc = subprocess.Popen([VIGIE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seg = os.path.join(out, "evidence", "segment-000001.vgs")
        deadline = time.time() + 60
        while time.time() < deadline and (not os.path.exists(seg) or os.path.getsize(seg) < 50000):
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        pub = os.path.join(keys, "sensor.pub")
        p = run("verify", "--store", os.path.join(out, "evidence"), "--key", pub)
        # complete records verify: valid (killed between records) or incomplete (3),
        # never reported as tampering (1)
        self.assertIn(p.returncode, (0, 3), p.stderr)
        self.assertRegex(p.stdout, r"(\d+) records chained")
        if p.returncode == 3:
            self.assertIn("INCOMPLETE", p.stdout)
        # the store reopens and the log continues
        p = run(*args[:-2])
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("verify", "--store", os.path.join(out, "evidence"), "--key", pub)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("VALID", p.stdout)


class EvidenceWorkers(unittest.TestCase):
    """Alerts of thresholds tracked across flows are decided by the alert sequencer
    when several workers run; they need evidence like every other alert."""

    def test_every_alert_has_evidence_with_two_workers(self):
        d = tmpdir()
        keys = os.path.join(d, "keys")
        run("keygen", "-o", keys)
        key = os.path.join(keys, "sensor.key")
        keyed = {}
        for n in (1, 2):
            out = os.path.join(d, f"w{n}")
            p = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--no-progress", "--workers", str(n),
                    "--evidence", "--key", key)
            self.assertEqual(p.returncode, 0, p.stderr)
            evs = alerts(read_eve(out))
            missing = [(a["pcap_cnt"], a["alert"]["signature_id"]) for a in evs if "evidence" not in a.get("vigie", {})]
            self.assertEqual(missing, [], f"{n} workers: alerts without vigie.evidence")
            keyed[n] = sorted((a["pcap_cnt"], a["alert"]["signature_id"]) for a in evs)
            p = run("verify", "--store", os.path.join(out, "evidence"), "--key", os.path.join(keys, "sensor.pub"))
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # the demo rules' thresholds (9000002, 9000004-6) fire with two workers too
        self.assertTrue({9000002, 9000004, 9000005, 9000006} <= {sid for _, sid in keyed[2]})
        self.assertEqual(keyed[1], keyed[2])
        # every record's ALRT section holds exactly the alerts written for it: a
        # threshold alert the sequencer suppressed is not in the log
        out = os.path.join(d, "w2")
        bundle = os.path.join(d, "all.vgb")
        p = run("evidence", "export", "--store", os.path.join(out, "evidence"), "--since", "0", "--until",
                "2000000000", "-o", bundle)
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("verify", bundle, "--key", os.path.join(keys, "sensor.pub"), "--replay")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn(f"{len(keyed[2])} alerts", p.stdout)


def checkpoint_lines(store):
    with open(os.path.join(store, "checkpoints.log")) as f:
        return [json.loads(l.split("\t")[0]) for l in f if l.strip()]


class EvidenceConfig(unittest.TestCase):
    """The evidence: section of vigie.yaml, --set evidence.*, the run flags, and the
    counters in stats.json."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tmpdir()
        cls.keys = os.path.join(cls.dir, "keys")
        run("keygen", "-o", cls.keys)
        cls.key = os.path.join(cls.keys, "sensor.key")
        cls.pub = os.path.join(cls.keys, "sensor.pub")

    def run_ev(self, *extra, config=None):
        out = tmpdir()
        args = ["run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--no-progress"]
        if config is not None:
            path = os.path.join(out, "vigie.yaml")
            with open(path, "w") as f:
                f.write(config)
            args += ["-c", path]
        return out, run(*args, *extra)

    def stats(self, out):
        with open(os.path.join(out, "stats.json")) as f:
            return json.load(f)

    def test_yaml_section_turns_evidence_on_with_its_settings(self):
        store = os.path.join(tmpdir(), "store")
        out, p = self.run_ev(config=f"""evidence:
  enabled: yes
  key: {self.key}
  store-dir: {store}
  flow-budget: 64kb
  post-alert-packets: 0
  checkpoint:
    records: 2
    seconds: 0
""")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "evidence")))
        cps = checkpoint_lines(store)
        n = self.stats(out)["evidence"]["records"]
        self.assertGreater(n, 2)
        # every 2 records, plus one at the end when the count is odd
        self.assertEqual(len(cps), n // 2 + n % 2)
        self.assertEqual([c["tree_size"] for c in cps][:3], [2, 4, 6])
        # post-alert-packets 0: a record ends on its last alerting packet
        default_out, _ = self.run_ev("--evidence", "--key", self.key)
        self.assertLess(self.stats(out)["evidence"]["packets_kept"],
                        self.stats(default_out)["evidence"]["packets_kept"])
        p = run("verify", "--store", store, "--key", self.pub)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_set_overrides_yaml_and_flags_override_set(self):
        cfg = f"evidence:\n  enabled: yes\n  key: {self.key}\n  checkpoint:\n    records: 2\n    seconds: 0\n"
        out, p = self.run_ev("--set", "evidence.checkpoint.records=3", config=cfg)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(checkpoint_lines(os.path.join(out, "evidence"))[0]["tree_size"], 3)
        out, p = self.run_ev("--set", "evidence.checkpoint.records=3", "--evidence-checkpoint-every", "5", config=cfg)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(checkpoint_lines(os.path.join(out, "evidence"))[0]["tree_size"], 5)

    def test_time_checkpoints_only(self):
        # The demo merges traces years apart: with checkpoints by time only, the
        # store is signed as capture time passes, and once at the end.
        out, p = self.run_ev("--evidence", "--key", self.key, "--evidence-checkpoint-every", "0",
                             "--evidence-checkpoint-seconds", "60")
        self.assertEqual(p.returncode, 0, p.stderr)
        timed = checkpoint_lines(os.path.join(out, "evidence"))
        self.assertGreater(len(timed), 1)
        sizes = [c["tree_size"] for c in timed]
        self.assertEqual(sizes, sorted(set(sizes)), "each checkpoint signs new records")
        self.assertEqual(self.stats(out)["evidence"]["checkpoints"], len(timed))
        # neither by count nor by time: the end of the run only
        out, p = self.run_ev("--evidence", "--key", self.key, "--evidence-checkpoint-every", "0",
                             "--evidence-checkpoint-seconds", "0")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(checkpoint_lines(os.path.join(out, "evidence"))), 1)

    def test_stats_json_counts_what_was_written(self):
        out, p = self.run_ev("--evidence", "--key", self.key)
        self.assertEqual(p.returncode, 0, p.stderr)
        ev = self.stats(out)["evidence"]
        store = os.path.join(out, "evidence")
        evs = alerts(read_eve(out))
        self.assertEqual(ev["alerts_with_evidence"], len(evs))
        self.assertEqual(ev["alerts_without_evidence"], 0)
        self.assertEqual(ev["records"], len({a["vigie"]["evidence"]["record_sha256"] for a in evs}))
        segs = [f for f in os.listdir(store) if f.startswith("segment-") and f.endswith(".vgs")]
        self.assertEqual(ev["bytes"], sum(os.path.getsize(os.path.join(store, f)) - 16 for f in segs))
        self.assertEqual(ev["checkpoints"], len(checkpoint_lines(store)))
        self.assertAlmostEqual(ev["bytes_per_alert"], ev["bytes"] / len(evs), places=3)
        self.assertEqual(ev["packets_dropped"], 0)
        self.assertEqual(ev["memcap_hits"], 0)
        # packets kept: the EPBs of every record, counted in the exported pcapng
        bundle = os.path.join(tmpdir(), "all.vgb")
        run("evidence", "export", "--store", store, "--since", "0", "--until", "2000000000", "-o", bundle)
        self.assertEqual(ev["packets_kept"], count_epbs(tar_member(bundle, "packets.pcapng")))
        # a tiny global cap: drops and cap hits are counted, every alert still has evidence
        out, p = self.run_ev("--evidence", "--key", self.key, "--evidence-memcap", "64kb",
                             "--evidence-flow-budget", "4kb")
        self.assertEqual(p.returncode, 0, p.stderr)
        ev = self.stats(out)["evidence"]
        self.assertGreater(ev["packets_dropped"], 0)
        self.assertEqual(ev["packets_dropped"], ev["packets_dropped_flow_budget"] + ev["packets_dropped_memcap"])
        self.assertEqual(ev["alerts_with_evidence"], len(alerts(read_eve(out))))
        # evidence off: no evidence section
        out, p = self.run_ev()
        self.assertNotIn("evidence", self.stats(out))

    def test_bad_values_are_one_line_errors(self):
        for setting in ("evidence.flow-budget=0", "evidence.flow-budget=lots", "evidence.flow-budget=1gb",
                        "evidence.memcap=1", "evidence.post-alert-packets=-1", "evidence.post-alert-packets=10k",
                        "evidence.checkpoint.records=1.5", "evidence.checkpoint.seconds=99999999999",
                        "evidence.enabled=maybe", "evidence.key=", "evidence.flowbudget=1mb"):
            _, p = self.run_ev("--set", setting)
            one_error_line(self, p)
            self.assertIn(setting.split("=")[0], p.stderr)
        _, p = self.run_ev("--evidence", "--key", self.key, "--evidence-post-packets", "x")
        one_error_line(self, p)
        self.assertIn("evidence.post-alert-packets", p.stderr)
        _, p = self.run_ev(config="evidence:\n  checkpoint:\n    seconds: -5\n")
        one_error_line(self, p)
        self.assertIn("vigie.yaml", p.stderr)
        self.assertIn("evidence.checkpoint.seconds", p.stderr)


def tar_member(path, name):
    import tarfile
    with tarfile.open(path) as t:
        return t.extractfile(name).read()


def count_epbs(data):
    """Enhanced Packet Blocks in a little-endian pcapng byte string (our sections)."""
    n, pos = 0, 0
    while pos + 8 <= len(data):
        btype, blen = struct.unpack("<II", data[pos:pos + 8])
        if btype == 6:
            n += 1
        pos += blen
    return n


if __name__ == "__main__":
    unittest.main()
