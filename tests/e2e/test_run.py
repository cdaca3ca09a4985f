"""End-to-end: `vigie run` and `vigie rules check` on the bundled demo capture and on
crafted inputs, including every kind of bad input the brief names."""
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from e2e_util import (DEMO_PCAP, DEMO_RULES, VIGIE, alert_keys, alerts, count_by_sid, read_eve,  # noqa: E402
                      read_pcap_frames, run, tmpdir, write_pcap)


class DemoRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tmpdir()
        cls.proc = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", cls.out, "--no-progress")
        cls.events = read_eve(cls.out)

    def test_exit_code_and_summary(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertIn("1619 packets", self.proc.stdout)
        self.assertIn("alerts by signature", self.proc.stdout)

    def test_alert_counts_match_the_capture(self):
        # Expected counts come from the capture, read with tshark, not from Vigie:
        #   ftp.response.code==530                          -> 30 refused logins
        #   tcp.srcport==22 && tcp.payload[0:4]=="SSH-"     -> 11 server banners
        #   tcp.srcport==5900 && tcp.payload[0:5]=="RFB 0"  -> 1 VNC banner
        counts = count_by_sid(self.events)
        self.assertEqual(counts.get(9000001), 30)
        self.assertEqual(counts.get(9000003), 11)
        self.assertEqual(counts.get(9000008), 1)
        # The 30 refusals fall within 60 s of the first: "type both, count 10" fires once.
        self.assertEqual(counts.get(9000002), 1)
        # One TLS session, on port 4433.
        self.assertEqual(counts.get(9000007), 1)

    def test_alert_record_fields(self):
        a = alerts(self.events)[0]
        self.assertRegex(a["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+0000$")
        for key in ("flow_id", "pcap_cnt", "src_ip", "dest_ip", "proto", "alert"):
            self.assertIn(key, a)
        self.assertIsInstance(a["flow_id"], int)
        self.assertLess(a["flow_id"], 2 ** 53)
        self.assertEqual(a["alert"]["action"], "allowed")
        for key in ("gid", "signature_id", "rev", "signature", "category", "severity"):
            self.assertIn(key, a["alert"])

    def test_ftp_alerts_come_from_the_server(self):
        for a in alerts(self.events):
            if a["alert"]["signature_id"] == 9000001:
                self.assertEqual(a["src_port"], 21)
                self.assertEqual(a["direction"], "to_client")
                self.assertEqual(a["alert"]["category"], "Unsuccessful User Privilege Gain")

    def test_stats_json(self):
        with open(os.path.join(self.out, "stats.json")) as f:
            stats = json.load(f)
        self.assertEqual(stats["run"]["packets"], 1619)
        self.assertEqual(stats["rules"]["loaded"], 8)
        self.assertEqual(stats["detect"]["alerts"], len(alerts(self.events)))
        self.assertFalse(stats["run"]["truncated_input"])


class Workers(unittest.TestCase):
    def test_same_alerts_for_any_worker_count(self):
        results = []
        for n in (1, 2, 3):
            out = tmpdir()
            p = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--workers", str(n))
            self.assertEqual(p.returncode, 0, p.stderr)
            results.append(alert_keys(read_eve(out)))
        self.assertGreater(len(results[0]), 0)
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0], results[2])


class BadInput(unittest.TestCase):
    def assert_one_line_error(self, proc):
        self.assertNotEqual(proc.returncode, 0)
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("vigie: error:"), lines[0])
        return lines[0]

    def test_missing_capture(self):
        line = self.assert_one_line_error(run("run", "-r", "/nonexistent/x.pcap", "-l", tmpdir()))
        self.assertIn("/nonexistent/x.pcap", line)

    def test_file_that_is_not_a_capture(self):
        line = self.assert_one_line_error(run("run", "-r", DEMO_RULES, "-l", tmpdir()))
        self.assertIn("not a pcap or pcapng file", line)

    def test_missing_rules_file(self):
        line = self.assert_one_line_error(run("run", "-r", DEMO_PCAP, "-S", "/nonexistent.rules", "-l", tmpdir()))
        self.assertIn("/nonexistent.rules", line)

    def test_bad_config(self):
        d = tmpdir()
        cfg = os.path.join(d, "bad.yaml")
        with open(cfg, "w") as f:
            f.write("vars:\n  address-groups: [unclosed\n")
        line = self.assert_one_line_error(run("run", "-r", DEMO_PCAP, "-c", cfg, "-l", d))
        self.assertIn("bad.yaml", line)

    def test_bad_config_value(self):
        d = tmpdir()
        line = self.assert_one_line_error(run("run", "-r", DEMO_PCAP, "--set", "stream.midstream=maybe", "-l", d))
        self.assertIn("stream.midstream", line)

    def test_bad_argument(self):
        p = run("run", "-r", DEMO_PCAP, "--workers", "many")
        self.assertEqual(p.returncode, 2)
        self.assert_one_line_error(p)

    def test_bad_rule_is_reported_and_skipped(self):
        d = tmpdir()
        rules = os.path.join(d, "mixed.rules")
        with open(rules, "w") as f:
            f.write('# a comment\n')
            f.write('alert tcp any 21 -> any any (msg:"ok"; content:"530 "; depth:4; sid:1;)\n')
            f.write('alert tcp any any -> any any (msg:"bad"; frobnicate:3; sid:2;)\n')
        p = run("run", "-r", DEMO_PCAP, "-S", rules, "-l", d)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(d, "rules-rejected.log")) as f:
            rejected = f.read()
        self.assertRegex(rejected, re.escape(rules) + r":3: sid 2: .*frobnicate")
        self.assertEqual(count_by_sid(read_eve(d)), {1: 30})

    def test_truncated_capture_is_read_up_to_the_damage(self):
        d = tmpdir()
        linktype, frames = read_pcap_frames(DEMO_PCAP)
        whole = os.path.join(d, "whole.pcap")
        write_pcap(whole, frames[:1000], linktype)
        cut = os.path.join(d, "cut.pcap")
        with open(whole, "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[:-10])  # the last record loses its last 10 bytes
        out = os.path.join(d, "out")
        p = run("run", "-r", cut, "-S", DEMO_RULES, "-l", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("warning", p.stderr)
        with open(os.path.join(out, "stats.json")) as f:
            stats = json.load(f)
        self.assertEqual(stats["run"]["packets"], 999)
        self.assertTrue(stats["run"]["truncated_input"])

    def test_output_directory_is_created(self):
        out = os.path.join(tmpdir(), "a", "b", "c")
        p = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.exists(os.path.join(out, "eve.json")))

    def test_sigint_leaves_only_complete_lines(self):
        d = tmpdir()
        linktype, frames = read_pcap_frames(DEMO_PCAP)
        big = os.path.join(d, "big.pcap")
        # ~700k packets: long enough to be interrupted mid-run on any machine we use.
        reps = []
        for i in range(450):
            reps.extend((sec + i * 100000, usec, data) for sec, usec, data in frames)
        write_pcap(big, reps, linktype)
        rules = os.path.join(d, "syn.rules")
        with open(rules, "w") as f:
            f.write('alert tcp any any -> any any (msg:"every SYN"; flags:S,12; sid:1;)\n')
            f.write('alert tcp any any -> any any (msg:"every payload"; content:"|00|"; sid:2;)\n')
        out = os.path.join(d, "out")
        proc = subprocess.Popen([VIGIE, "run", "-r", big, "-S", rules, "-l", out],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.4)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 0)
        with open(os.path.join(out, "eve.json")) as f:
            text = f.read()
        self.assertTrue(text == "" or text.endswith("\n"))
        for line in text.splitlines():
            json.loads(line)  # every line complete and valid
        with open(os.path.join(out, "stats.json")) as f:
            stats = json.load(f)
        if stats["run"]["interrupted"]:
            self.assertLess(stats["run"]["packets"], len(reps))


class RulesCheck(unittest.TestCase):
    def test_counts_and_reasons(self):
        d = tmpdir()
        rules = os.path.join(d, "r.rules")
        with open(rules, "w") as f:
            f.write('alert tcp any any -> any any (msg:"a"; content:"x"; sid:1;)\n')
            f.write('alert tcp any any -> any any (msg:"b"; content:"x"; depth:0; sid:2;)\n')
            f.write('alert tcp any any -> any any (msg:"c"; nosuchkeyword; sid:3;)\n')
        p = run("rules", "check", "-S", rules)
        self.assertEqual(p.returncode, 0, p.stderr)
        last = p.stdout.strip().splitlines()[-1]
        self.assertEqual(last, "accepted 1, rejected 2")
        self.assertRegex(p.stdout, re.escape(rules) + r":3: sid 3: .*nosuchkeyword")

    def test_demo_rules_all_accepted(self):
        p = run("rules", "check", "-S", DEMO_RULES)
        self.assertEqual(p.stdout.strip().splitlines()[-1], "accepted 8, rejected 0")


if __name__ == "__main__":
    unittest.main()
