"""End-to-end: enrichment written into EVE by `vigie run` with intel options. Every
alert gets vigie.source / vigie.target / vigie.attacker_side next to vigie.evidence;
a rule with `target:` gets Suricata's alert.source / alert.target and flips the
attacker; ingest takes these fields as written. Expected sectors are computed here
from the assets ranges with Python's ipaddress, not by Vigie."""
import collections
import ipaddress
import json
import os
import unittest

from e2e_util import DEMO_PCAP, DEMO_RULES, SHARED, SRC, alerts, read_eve, run, tmpdir

ASSETS = os.path.join(SRC, "data", "assets.example.yaml")
SCHEMA = os.path.join(SHARED, "data", "eve-schema", "schema.json")
# data/assets.example.yaml, longest prefix first.
RANGES = [("192.168.1.64/28", "Demo Flight Software", "aerospace", "critical"),
          ("192.168.1.0/24", "Demo Lab", "research", "medium"),
          ("198.51.100.0/24", "Example Grid Operator", "energy", "high")]


def asset(ip):
    for cidr, org, sector, crit in RANGES:
        if ipaddress.ip_address(ip) in ipaddress.ip_network(cidr):
            return cidr, org, sector, crit
    return None


def demo_rules_with_target(path):
    """The demo rules, with the FTP refusal rule (sid 9000001, server -> client)
    naming the server as the victim: the client it answers is the attacker."""
    with open(DEMO_RULES) as src, open(path, "w") as dst:
        for line in src:
            if "sid:9000001;" in line:
                line = line.replace("sid:9000001;", "target:src_ip; sid:9000001;")
            dst.write(line)
    return path


class EveIntelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tmpdir()
        keys = os.path.join(cls.dir, "keys")
        assert run("keygen", "-o", keys).returncode == 0
        cls.rules = demo_rules_with_target(os.path.join(cls.dir, "demo-target.rules"))
        cls.out = os.path.join(cls.dir, "out")
        cls.proc = run("run", "-r", DEMO_PCAP, "-S", cls.rules, "-l", cls.out, "--no-progress", "-k", "none",
                       "--assets", ASSETS, "--evidence", "--key", os.path.join(keys, "sensor.key"))
        assert cls.proc.returncode == 0, cls.proc.stderr
        cls.alerts = alerts(read_eve(cls.out))

    def test_every_alert_enriched_next_to_its_evidence(self):
        self.assertGreater(len(self.alerts), 0)
        for a in self.alerts:
            v = a["vigie"]
            self.assertIn("evidence", v, "vigie.evidence and the enrichment share one vigie object")
            self.assertIn(v["attacker_side"], ("src", "dest"))
            self.assertTrue(v["side_reason"])
            src, dst = (a["src_ip"], a["dest_ip"]) if v["attacker_side"] == "src" else (a["dest_ip"], a["src_ip"])
            self.assertEqual(v["source"]["ip"], src)
            self.assertEqual(v["target"]["ip"], dst)
            # The demo network is RFC 1918: labelled private, never a country or AS.
            self.assertEqual(v["source"]["country"], "private")
            self.assertNotIn("asn", v["source"])
            want = asset(dst)
            t = v["target"]
            if want:
                self.assertEqual((t["asset_cidr"], t["org"], t["sector"], t["criticality"]), want)
            else:
                self.assertEqual((t["org"], t["sector"]), ("unknown", "unknown"))
                self.assertNotIn("asset_cidr", t)
            src_asset = asset(src)
            self.assertEqual(v["source"].get("sector"), src_asset[2] if src_asset else None)

    def test_target_keyword_writes_alert_source_and_flips_the_attacker(self):
        ftp = [a for a in self.alerts if a["alert"]["signature_id"] == 9000001]
        self.assertGreater(len(ftp), 0)
        for a in ftp:
            self.assertEqual(a["alert"]["source"], {"ip": a["dest_ip"], "port": a["dest_port"]})
            self.assertEqual(a["alert"]["target"], {"ip": a["src_ip"], "port": a["src_port"]})
            self.assertEqual(a["vigie"]["attacker_side"], "dest")
            self.assertEqual(a["vigie"]["side_reason"], "rule target: src_ip is the target")
            self.assertEqual(a["vigie"]["source"]["ip"], a["dest_ip"])
        others = [a for a in self.alerts if a["alert"]["signature_id"] != 9000001]
        self.assertTrue(all("source" not in a["alert"] for a in others))

    @unittest.skipUnless(os.path.exists(SCHEMA), "no ../shared EVE schema")
    def test_records_validate_against_eve_schema(self):
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema not installed")
        with open(SCHEMA) as f:
            validator = jsonschema.Draft7Validator(json.load(f))
        for n, e in enumerate(read_eve(self.out), 1):
            e.pop("vigie", None)
            errors = list(validator.iter_errors(e))
            self.assertEqual(errors, [], f"eve.json line {n}")

    def test_ingest_takes_the_eve_enrichment(self):
        # No --assets at ingest: the sectors and attackers can only come from the EVE.
        db = os.path.join(self.dir, "ingest.db")
        r = run("ingest", "--db", db, os.path.join(self.out, "eve.json"))
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(run("stats", "--db", db, "--by", "target-sector", "--format", "json").stdout)
        expect = collections.Counter((asset(a["vigie"]["target"]["ip"]) or (0, 0, "unknown"))[2]
                                     for a in self.alerts)
        self.assertEqual({row["target_sector"]: row["alerts"] for row in got}, dict(expect))

    def test_no_intel_options_no_enrichment(self):
        out = tmpdir()
        r = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--no-progress")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(all("vigie" not in a for a in alerts(read_eve(out))))

    def test_config_key_and_bad_key(self):
        out = tmpdir()
        r = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", out, "--no-progress",
                "--set", "vigie.intel.assets=" + ASSETS)
        self.assertEqual(r.returncode, 0, r.stderr)
        sectors = collections.Counter(a["vigie"]["target"]["sector"] for a in alerts(read_eve(out)))
        self.assertEqual(sum(sectors.values()), len(self.alerts))
        self.assertGreater(sectors["research"] + sectors["aerospace"], 0)
        r = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", tmpdir(), "--no-progress",
                "--set", "vigie.intel.colour=blue")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.stderr.strip().splitlines(),
                         ["vigie: error: vigie.intel.colour: unknown key (vigie.intel takes geo, asn, asn6, assets)"])


if __name__ == "__main__":
    unittest.main()
