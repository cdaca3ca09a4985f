"""End-to-end: vigie run --db, vigie ingest, vigie stats against counts computed here from eve.json."""
import collections
import ipaddress
import json
import os
import unittest

from e2e_util import DEMO_PCAP, DEMO_RULES, SHARED, SRC, alerts, read_eve, run, run_demo_with_db, tmpdir

ASSETS = os.path.join(SRC, "data", "assets.example.yaml")
GEO = os.path.join(SHARED, "data", "geo")


def stats(db, by, *extra):
    r = run("stats", "--db", db, "--by", by, "--format", "json", *extra)
    assert r.returncode == 0, r.stderr
    key = by.replace("-", "_")
    return {row[key]: row["alerts"] for row in json.loads(r.stdout)}


class StoreTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.db, r = run_demo_with_db("--assets", ASSETS)
        cls.eve = os.path.join(cls.out, "eve.json")
        cls.alerts = alerts(read_eve(cls.out))

    def test_run_db_counts_match_eve(self):
        self.assertGreater(len(self.alerts), 0)
        by_sig = collections.Counter(a["alert"]["signature"] for a in self.alerts)
        self.assertEqual(stats(self.db, "signature"), dict(by_sig))
        by_month = collections.Counter(a["timestamp"][:7] for a in self.alerts)  # demo timestamps are +0000
        self.assertEqual(stats(self.db, "month"), dict(by_month))

    def test_target_sector_from_assets(self):
        # data/assets.example.yaml: 192.168.1.64/28 aerospace inside 192.168.1.0/24 research.
        def sector(ip):
            last = int(ip.split(".")[3]) if ip.startswith("192.168.1.") else None
            if last is None:
                return "unknown"
            return "aerospace" if 64 <= last < 80 else "research"
        expect = collections.Counter(sector(a["dest_ip"]) for a in self.alerts)
        self.assertEqual(stats(self.db, "target-sector"), dict(expect))

    def test_rerun_and_ingest_twice_do_not_double_count(self):
        before = stats(self.db, "signature")
        r = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", tmpdir(), "--no-progress", "--db", self.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(stats(self.db, "signature"), before)
        db2 = os.path.join(self.out, "ingest.db")
        for _ in range(2):
            r = run("ingest", "--db", db2, self.eve)
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(stats(db2, "signature"), before)
        self.assertIn("0 new, %d already stored" % len(self.alerts), r.stdout)

    def test_bad_line_reported_and_rest_loaded(self):
        path = os.path.join(self.out, "bad.eve.json")
        with open(self.eve) as src, open(path, "w") as dst:
            lines = src.readlines()
            dst.writelines(lines[:3] + ["{oops\n"] + lines[3:])
        db = os.path.join(self.out, "bad.db")
        r = run("ingest", "--db", db, path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("%s:4: not JSON" % path, r.stderr)
        self.assertEqual(sum(stats(db, "signature").values()), len(self.alerts))

    def test_unknown_by_exits_2(self):
        r = run("stats", "--db", self.db, "--by", "colour")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown --by 'colour'", r.stderr)

    def test_malformed_assets_gives_line(self):
        bad = os.path.join(self.out, "bad-assets.yaml")
        with open(bad, "w") as f:
            f.write("- cidr: 10.0.0.0/8\n  organisation: X\n  sector: energy\n- cidr: 10.1.0.0/16\n"
                    "  organisation: Y\n  sector: spaceflight\n")
        r = run("ingest", "--db", os.path.join(self.out, "a.db"), "--assets", bad, self.eve)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("bad-assets.yaml:4: sector 'spaceflight'", r.stderr)

    @unittest.skipUnless(os.path.exists(os.path.join(GEO, "geo-whois-asn-country.mmdb")), "no shared geo data")
    def test_source_country_with_geo(self):
        # Sources in RFC 1918 space are "private", never a country; the others get one.
        db = os.path.join(self.out, "geo.db")
        r = run("ingest", "--db", db, "--geo", os.path.join(GEO, "geo-whois-asn-country.mmdb"),
                "--asn", os.path.join(GEO, "asn-ipv4.csv.gz"), self.eve)
        self.assertEqual(r.returncode, 0, r.stderr)
        private = sum(1 for a in self.alerts if ipaddress.ip_address(a["src_ip"]).is_private)
        got = stats(db, "source-country")
        self.assertEqual(got.get("private", 0), private)
        self.assertEqual(sum(got.values()), len(self.alerts))
        self.assertNotIn("unknown", got)

if __name__ == "__main__":
    unittest.main()
