"""Optional EVE fields that join records across tools: `community_id` (Community ID
v1, recomputed here from the spec with hashlib, independently of Vigie's code) and
`ether` (the MAC addresses of the crafted frames), switched on in the config as in
Suricata's eve-log section."""
import base64
import hashlib
import os
import socket
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from e2e_util import read_eve, run, tcp_session, tmpdir, write_pcap  # noqa: E402

CLIENT, SERVER = "10.1.2.3", "192.0.2.80"
CLIENT_MAC, SERVER_MAC = "66:77:88:99:aa:bb", "00:11:22:33:44:55"  # as e2e_util.tcp_frame writes them


def community_id(saddr, sport, daddr, dport, proto, seed):
    a, b = socket.inet_aton(saddr), socket.inet_aton(daddr)
    if (a, sport) > (b, dport):
        a, sport, b, dport = b, dport, a, sport
    data = struct.pack("!H", seed) + a + b + struct.pack("!BBHH", proto, 0, sport, dport)
    return "1:" + base64.b64encode(hashlib.sha1(data).digest()).decode()


class EveFields(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        d = tmpdir()
        cls.pcap = os.path.join(d, "http.pcap")
        req = b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"
        resp = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        write_pcap(cls.pcap, tcp_session(CLIENT, SERVER, 43210, 80, req, resp))
        cls.rules = os.path.join(d, "r.rules")
        with open(cls.rules, "w") as f:
            f.write('alert http any any -> any any (msg:"get"; http.method; content:"GET"; sid:1;)\n')

    def run_with(self, yaml_text):
        d = tmpdir()
        cfg = os.path.join(d, "vigie.yaml")
        with open(cfg, "w") as f:
            f.write(yaml_text)
        r = run("run", "-r", self.pcap, "-S", self.rules, "-c", cfg, "-l", d, "--no-progress")
        self.assertEqual(r.returncode, 0, r.stderr)
        return read_eve(d)

    def test_community_id_and_ether_in_every_flow_record(self):
        ev = self.run_with("outputs:\n  - eve-log:\n      community-id: yes\n      community-id-seed: 7\n"
                           "      ethernet: yes\n")
        want = community_id(CLIENT, 43210, SERVER, 80, 6, 7)
        kinds = {e["event_type"] for e in ev}
        self.assertTrue({"alert", "http", "flow", "fileinfo"} <= kinds, kinds)
        for e in ev:
            if "flow_id" not in e:
                continue
            self.assertEqual(e.get("community_id"), want, e["event_type"])
            ether = e["ether"]
            if e["event_type"] == "flow":
                self.assertEqual(ether, {"src_macs": [CLIENT_MAC], "dest_macs": [SERVER_MAC]})
            else:
                self.assertEqual((ether["src_mac"], ether["dest_mac"]), (CLIENT_MAC, SERVER_MAC), e["event_type"])

    def test_off_by_default(self):
        ev = self.run_with("outputs:\n  - eve-log:\n      enabled: yes\n")
        self.assertFalse(any("community_id" in e or "ether" in e for e in ev))

    def test_bad_seed_is_one_line_error(self):
        d = tmpdir()
        cfg = os.path.join(d, "vigie.yaml")
        with open(cfg, "w") as f:
            f.write("outputs:\n  - eve-log:\n      community-id: yes\n      community-id-seed: 70000\n")
        r = run("run", "-r", self.pcap, "-S", self.rules, "-c", cfg, "-l", d, "--no-progress")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("community-id-seed", r.stderr)


if __name__ == "__main__":
    unittest.main()
