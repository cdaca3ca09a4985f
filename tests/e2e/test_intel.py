"""End-to-end: shared indicators. `vigie intel import` (STIX, MISP, plain list) into a
store, `vigie run --db` on the demo capture raises indicator alerts with evidence, and
the expected counts come from tshark's reading of the capture, not from Vigie."""
import json
import os
import shutil
import subprocess
import unittest

from e2e_util import DEMO_PCAP, DEMO_RULES, SHARED, alerts, read_eve, run, tmpdir

INDICATOR_SIDS = range(2100000001, 2100001000)
ASSETS = os.path.join(os.environ.get("VIGIE_SOURCE_DIR", "."), "data", "assets.example.yaml")
STIX_SCHEMAS = os.path.join(SHARED, "data", "stix", "schemas")


def stix_validator():
    """A validator for bundles against the official STIX 2.1 schemas, or a skip reason."""
    try:
        import jsonschema
        from referencing import Registry, Resource
    except ImportError:
        return None, "python3-jsonschema (with referencing) not installed"
    if not os.path.isdir(STIX_SCHEMAS):
        return None, STIX_SCHEMAS + " absent (needs ../shared)"
    resources = []
    for root, _, files in os.walk(STIX_SCHEMAS):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(root, name)) as f:
                    schema = json.load(f)
                resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    bundle = [uri for uri, _ in resources if uri.endswith("/common/bundle.json")][0]
    return jsonschema.Draft202012Validator(registry.contents(bundle), registry=registry), None

# Values seen in data/demo/demo.pcap (found with tshark): the TLS server on port 4433
# (2015-12-04), the SSH server of the 2015-03-30 trace, the reverse-DNS queries of
# the 2011 nmap sweep, the TLS client's JA3 and the server certificate's SHA-1.
TLS_SERVER = "104.236.167.107"
SSH_SERVER = "192.168.56.103"
PTR_ZONE = "1.168.192.in-addr.arpa"
JA3 = "c369db2c355ad05c76f5660af3179b01"
CERT_SHA1 = "c453e84fb5e56b881be4c23d2b553b3ce45a321d"


def indicator(n, pattern, **extra):
    obj = {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-%012d" % n,
           "created": "2015-01-01T00:00:00.000Z", "modified": "2015-01-01T00:00:00.000Z",
           "pattern": pattern, "pattern_type": "stix", "valid_from": "2010-01-01T00:00:00Z"}
    obj.update(extra)
    return obj


def tshark(*args):
    return subprocess.run(["tshark", "-r", DEMO_PCAP, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, check=True).stdout.split()


class IntelRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tmpdir()
        cls.db = os.path.join(cls.dir, "vigie.db")
        cls.stix = os.path.join(cls.dir, "partner.json")
        bundle = {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000", "objects": [
            indicator(1, "[ipv4-addr:value = '%s']" % TLS_SERVER, confidence=85),
            # Expired before the SSH trace (2015-03-30): must not alert.
            indicator(2, "[ipv4-addr:value = '%s']" % SSH_SERVER, valid_until="2015-01-01T00:00:00Z"),
            # Revoked: must not alert.
            indicator(3, "[domain-name:value = 'in-addr.arpa']", revoked=True),
            indicator(4, "[domain-name:value = '%s' OR email-message:subject = 'x']" % PTR_ZONE, confidence=60),
            {"type": "indicator", "id": "indicator--broken"},
        ]}
        with open(cls.stix, "w") as f:
            json.dump(bundle, f)
        cls.misp = os.path.join(cls.dir, "event.json")
        with open(cls.misp, "w") as f:
            json.dump({"Event": {"uuid": "6a000000-0000-4000-8000-000000000000", "info": "demo", "Attribute": [
                {"uuid": "6a000000-0000-4000-8000-000000000001", "type": "ja3-fingerprint-md5", "value": JA3,
                 "to_ids": True},
                {"uuid": "6a000000-0000-4000-8000-000000000002", "type": "ip-dst", "value": "192.168.56.101",
                 "to_ids": False}]}}, f)
        cls.plain = os.path.join(cls.dir, "certs.txt")
        with open(cls.plain, "w") as f:
            f.write("# certificate fingerprints\nx509-sha1 %s\n" % CERT_SHA1)
        cls.imp = run("intel", "import", "--db", cls.db, cls.stix, cls.misp, cls.plain)
        cls.out = os.path.join(cls.dir, "out")
        keys = os.path.join(cls.dir, "keys")
        assert run("keygen", "-o", keys).returncode == 0
        cls.keys = keys
        cls.res = run("run", "-r", DEMO_PCAP, "-S", DEMO_RULES, "-l", cls.out, "--no-progress", "--db", cls.db,
                      "--evidence", "--key", os.path.join(keys, "sensor.key"), "--assets", ASSETS)
        cls.events = read_eve(cls.out) if cls.res.returncode == 0 else []
        cls.ind = [a for a in alerts(cls.events) if a["alert"]["signature_id"] in INDICATOR_SIDS]

    def test_import_reports_bad_objects_and_loads_rest(self):
        self.assertEqual(self.imp.returncode, 0, self.imp.stderr)
        self.assertIn("indicator--broken", self.imp.stderr)
        self.assertIn("email-message:subject", self.imp.stderr)  # the unsupported half of indicator 4
        self.assertIn("partner.json: stix, feed partner: 5 objects, 4 indicators (4 new", self.imp.stdout)
        self.assertIn("event.json: misp, feed event: 2 objects, 1 indicators (1 new", self.imp.stdout)

    def test_reimport_is_idempotent(self):
        r = run("intel", "import", "--db", self.db, self.stix, self.misp, self.plain)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("4 indicators (0 new, 0 updated, 4 unchanged", r.stdout)
        self.assertIn("1 indicators (0 new, 0 updated, 1 unchanged", r.stdout)

    def test_address_alerts_one_per_flow(self):
        self.assertEqual(self.res.returncode, 0, self.res.stderr)
        got = [a for a in self.ind if a["vigie"]["indicator"]["kind"] == "ip"]
        # tshark: TCP/UDP conversations with the listed address (one flow each).
        streams = set(tshark("-Y", "ip.addr == %s" % TLS_SERVER, "-T", "fields", "-e", "tcp.stream"))
        self.assertEqual(len(got), len(streams))
        for a in got:
            self.assertEqual(a["vigie"]["indicator"]["id"], "indicator--00000000-0000-4000-8000-000000000001")
            self.assertEqual(a["vigie"]["indicator"]["confidence"], 85)
            self.assertEqual(a["vigie"]["indicator"]["feed"], "partner")
        # The expired indicator never alerts.
        self.assertFalse([a for a in self.ind if a["vigie"]["indicator"]["matched"] == SSH_SERVER])

    def test_dns_alerts_per_query_under_the_zone(self):
        names = tshark("-Y", "dns.flags.response == 0", "-T", "fields", "-e", "dns.qry.name")
        expected = [n for n in names if n == PTR_ZONE or n.endswith("." + PTR_ZONE)]
        self.assertGreater(len(expected), 0)
        got = [a for a in self.ind if a["alert"]["signature_id"] == 2100000002]
        self.assertEqual(sorted(a["vigie"]["indicator"]["matched"] for a in got), sorted(expected))
        self.assertTrue(all(a["vigie"]["indicator"]["value"] == PTR_ZONE for a in got))
        self.assertTrue(all("dns" in a for a in got))  # the transaction travels with the alert
        # Revoked "in-addr.arpa" would have matched every PTR query of the capture.
        self.assertFalse([a for a in self.ind if a["vigie"]["indicator"]["value"] == "in-addr.arpa"])

    def test_tls_ja3_and_certificate(self):
        ja3 = tshark("-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "tls.handshake.ja3")
        self.assertEqual(ja3.count(JA3), len([a for a in self.ind if a["alert"]["signature_id"] == 2100000007]))
        certs = [a for a in self.ind if a["alert"]["signature_id"] == 2100000008]
        self.assertEqual(len(certs), 1)
        self.assertEqual(certs[0]["tls"]["fingerprint"].replace(":", ""), CERT_SHA1)

    def test_every_indicator_alert_has_evidence_and_a_sighting(self):
        self.assertGreater(len(self.ind), 0)
        for a in self.ind:
            self.assertIn("evidence", a["vigie"])
        import sqlite3
        con = sqlite3.connect(self.db)
        rows = con.execute("SELECT s.indicator_ref, a.evidence_id FROM intel_sightings s "
                           "JOIN alerts a ON a.id = s.alert_id").fetchall()
        self.assertEqual(len(rows), len(self.ind))
        self.assertEqual(sorted(r[1] for r in rows), sorted(a["vigie"]["evidence"]["id"] for a in self.ind))

    def test_indicator_alert_bundle_verifies(self):
        a = next(x for x in self.ind if x["alert"]["signature_id"] == 2100000001)
        bundle = os.path.join(self.dir, "proof.vgb")
        r = run("evidence", "export", "--store", os.path.join(self.out, "evidence"), "--alert",
                a["vigie"]["evidence"]["id"], "-o", bundle)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("verify", bundle, "--key", os.path.join(self.keys, "sensor.pub"), "--replay")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("raised by shared indicators", r.stdout)

    def test_indicators_file_directly_same_alerts(self):
        out = os.path.join(self.dir, "direct")
        r = run("run", "-r", DEMO_PCAP, "-l", out, "--no-progress", "--indicators", self.stix, "-S", DEMO_RULES)
        self.assertEqual(r.returncode, 0, r.stderr)
        direct = sorted((a["pcap_cnt"], a["alert"]["signature_id"]) for a in alerts(read_eve(out))
                        if a["alert"]["signature_id"] in INDICATOR_SIDS)
        from_db = sorted((a["pcap_cnt"], a["alert"]["signature_id"]) for a in self.ind
                         if a["vigie"]["indicator"]["feed"] == "partner")
        self.assertEqual(direct, from_db)

    def test_indicator_alerts_validate_against_eve_schema(self):
        schema_path = os.path.join(SHARED, "data", "eve-schema", "schema.json")
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema not installed")
        if not os.path.exists(schema_path):
            self.skipTest(schema_path + " absent (needs ../shared)")
        with open(schema_path) as f:
            validator = jsonschema.Draft202012Validator(json.load(f))
        for a in self.ind:
            rec = dict(a)
            rec.pop("vigie")  # Vigie's own fields, outside Suricata's schema (as in test_eve_schema.py)
            errors = list(validator.iter_errors(rec))
            self.assertFalse(errors, "%s: %s" % (a["alert"]["signature_id"], errors[:1]))

    def export(self, name, *extra):
        path = os.path.join(self.dir, name)
        r = run("intel", "export", "--db", self.db, "-o", path, "--org", "Demo CERT", "--sector", "research", *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path) as f:
            return path, f.read()

    def test_stix_export_validates_against_official_schemas(self):
        validator, why = stix_validator()
        if validator is None:
            self.skipTest(why)
        path, text = self.export("out.stix.json")
        bundle = json.loads(text)
        errors = list(validator.iter_errors(bundle))
        self.assertFalse(errors, [e.message[:200] for e in errors[:3]])
        types = [o["type"] for o in bundle["objects"]]
        self.assertIn("sighting", types)
        self.assertIn("identity", types)

    def test_stix_sightings_carry_counts_and_evidence(self):
        _, text = self.export("out.stix.json")
        objs = json.loads(text)["objects"]
        by_id = {o["id"]: o for o in objs}
        # Expected from the run's EVE: alerts per indicator, and their evidence ids and record digests.
        expected = {}
        for a in self.ind:
            expected.setdefault(a["vigie"]["indicator"]["id"], []).append(a["vigie"]["evidence"])
        # Campaign sightings (sighting_of_ref a campaign) are test_intel_campaigns.py's.
        sightings = [o for o in objs if o["type"] == "sighting" and o["sighting_of_ref"].startswith("indicator--")]
        seen = {}
        for sg in sightings:
            # The source's indicator id is sighting_of_ref for STIX indicators, and named
            # in the description for the others (MISP, plain lists).
            key = sg["description"].split("raised by indicator ")[1].split(" of feed ")[0]
            if key.startswith("indicator--"):
                self.assertEqual(sg["sighting_of_ref"], key)
            seen[key] = sg
            ev = expected[key]
            self.assertEqual(sg["count"], len(ev))
            got = {(r["external_id"], r["hashes"]["SHA-256"]) for r in sg["external_references"]}
            self.assertEqual(got, {(e["id"], e["record_sha256"]) for e in ev})
            for w in sg["where_sighted_refs"]:
                self.assertEqual(by_id[w]["type"], "identity")
        self.assertEqual(set(seen), set(expected))
        self.assertIn("aerospace", [s for o in objs if o["type"] == "identity" for s in o.get("sectors", [])])

    def test_default_policy_keeps_internal_addresses_and_names_in(self):
        hosts = {a["vigie"]["indicator"]["host"] for a in self.ind}
        self.assertTrue(hosts)
        for fmt in ("stix", "misp"):
            _, text = self.export("private." + fmt, "--format", fmt)
            for h in hosts:
                self.assertNotIn('"%s"' % h, text, fmt)
            self.assertNotIn("Demo Flight Software", text)
            self.assertNotIn("Demo Lab", text)

    def test_policy_lets_listed_addresses_and_names_out(self):
        policy = os.path.join(self.dir, "policy.yaml")
        with open(policy, "w") as f:
            f.write("share_addresses: [192.168.1.64/28]\nshare_asset_names: [\"Demo Flight Software\"]\n")
        _, text = self.export("shared.stix.json", "--policy", policy)
        objs = json.loads(text)["objects"]
        values = {o.get("value") for o in objs if o["type"] == "ipv4-addr"}
        self.assertIn("192.168.1.71", values)           # the DNS client, inside the shared /28
        self.assertNotIn("192.168.6.74", values)        # the TLS client, not shared
        self.assertIn("Demo Flight Software", [o.get("name") for o in objs if o["type"] == "identity"])
        validator, why = stix_validator()
        if validator is not None:
            self.assertFalse(list(validator.iter_errors(json.loads(text))))

    def test_export_round_trips_through_import(self):
        sighted = {(a["vigie"]["indicator"]["kind"], a["vigie"]["indicator"]["value"]) for a in self.ind}
        import sqlite3
        for fmt in ("stix", "misp"):
            path, _ = self.export("rt." + fmt, "--format", fmt)
            db = os.path.join(self.dir, "rt-%s.db" % fmt)
            r = run("intel", "import", "--db", db, path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("0 with errors", r.stdout)
            got = set(sqlite3.connect(db).execute("SELECT kind, value FROM intel_observables").fetchall())
            # STIX has no object for JA3 fingerprints: their sighting names the indicator only.
            want = {x for x in sighted if fmt == "misp" or x[0] != "ja3"}
            self.assertEqual(got, want, fmt)

    def test_export_errors(self):
        bad = os.path.join(self.dir, "bad-policy.yaml")
        with open(bad, "w") as f:
            f.write("share_addresses: [not-an-address]\n")
        r = run("intel", "export", "--db", self.db, "-o", os.path.join(self.dir, "x.json"), "--policy", bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("bad-policy.yaml:1: bad address", r.stderr)
        r = run("intel", "export", "--db", os.path.join(self.dir, "missing.db"), "-o", os.path.join(self.dir, "x.json"))
        self.assertEqual(r.returncode, 1)
        r = run("intel", "export", "--db", self.db, "-o", os.path.join(self.dir, "x.json"), "--format", "csv")
        self.assertEqual(r.returncode, 2)

    def test_same_indicator_alerts_with_several_workers(self):
        keys = []
        for w in ("1", "3"):
            out = os.path.join(self.dir, "workers" + w)
            r = run("run", "-r", DEMO_PCAP, "-l", out, "--no-progress", "--workers", w, "--indicators", self.stix,
                    "--indicators", self.misp, "--indicators", self.plain)
            self.assertEqual(r.returncode, 0, r.stderr)
            keys.append(sorted((a.get("pcap_cnt", 0), a["alert"]["signature_id"], a["vigie"]["indicator"]["matched"])
                               for a in alerts(read_eve(out)) if a["alert"]["signature_id"] in INDICATOR_SIDS))
        self.assertTrue(keys[0])
        self.assertEqual(keys[0], keys[1])

    def test_bad_indicator_file_is_one_line_error(self):
        bad = os.path.join(self.dir, "bad.json")
        with open(bad, "w") as f:
            f.write("{ not json")
        for args in (["intel", "import", "--db", os.path.join(self.dir, "x.db"), bad],
                     ["run", "-r", DEMO_PCAP, "-l", os.path.join(self.dir, "bad"), "--indicators", bad],
                     ["intel", "import", "--db", os.path.join(self.dir, "x.db"), "/nonexistent.json"]):
            r = run(*args)
            self.assertEqual(r.returncode, 1, args)
            self.assertTrue(r.stderr.startswith("vigie: error: "), r.stderr)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        r = run("intel", "import", "--db", os.path.join(self.dir, "x.db"), "--type", "bogus", self.plain)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
