"""End-to-end: `vigie intel export` of a store with incidents and campaigns (the demo
capture with assets and evidence). The expected incidents and campaigns are computed
from eve.json with the rules of docs/store.md (test_campaigns.py), and the listing
`vigie campaigns --format json` must agree with what the bundle says."""
import json
import os
import sqlite3
import unittest

from e2e_util import alerts, read_eve, run, run_demo_with_db, tmpdir
from test_campaigns import ASSETS, expected_campaigns, expected_incidents
from test_intel import stix_validator

SECTORS = {"Demo Flight Software": "aerospace", "Demo Lab": "research"}  # data/assets.example.yaml


def objects_by_type(bundle):
    out = {}
    for o in bundle["objects"]:
        out.setdefault(o["type"], []).append(o)
    return out


def without_timestamps(bundle):
    """The bundle minus what records the moment of the export (created, modified, bundle id)."""
    return [{k: v for k, v in o.items() if k not in ("created", "modified")} for o in bundle["objects"]]


class IntelCampaignExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tmpdir()
        keys = os.path.join(cls.dir, "keys")
        assert run("keygen", "-o", keys).returncode == 0
        cls.out, cls.db, _ = run_demo_with_db("--assets", ASSETS, "--evidence", "--key",
                                              os.path.join(keys, "sensor.key"))
        cls.incidents = expected_incidents(alerts(read_eve(cls.out)))
        cls.campaign_members = expected_campaigns(cls.incidents)
        r = run("campaigns", "--db", cls.db, "--format", "json")
        assert r.returncode == 0, r.stderr
        cls.listed = json.loads(r.stdout)
        cls.everything = os.path.join(cls.dir, "all.yaml")
        with open(cls.everything, "w") as f:
            f.write('share_addresses: [0.0.0.0/0, "::/0"]\n')

    def export(self, name, *extra, org="Demo CERT"):
        path = os.path.join(self.dir, name)
        r = run("intel", "export", "--db", self.db, "-o", path, "--org", org, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("note", r.stderr)
        with open(path) as f:
            return path, json.load(f)

    def test_demo_has_campaigns(self):
        self.assertGreaterEqual(len(self.campaign_members), 1)
        self.assertEqual(len(self.listed), len(self.campaign_members))

    def test_stix_validates_with_campaigns(self):
        validator, why = stix_validator()
        if validator is None:
            self.skipTest(why)
        for policy in ([], ["--policy", self.everything]):
            _, bundle = self.export("v.stix.json", *policy)
            errors = list(validator.iter_errors(bundle))
            self.assertFalse(errors, [e.message[:200] for e in errors[:3]])

    def test_campaigns_sighted_with_their_incidents(self):
        _, bundle = self.export("all.stix.json", "--policy", self.everything)
        by_type = objects_by_type(bundle)
        by_id = {o["id"]: o for o in bundle["objects"]}
        campaigns = by_type.get("campaign", [])
        self.assertEqual(len(campaigns), len(self.listed))
        sightings = {s["sighting_of_ref"]: s for s in by_type["sighting"]}
        for c, listed, members in zip(campaigns, self.listed, self.campaign_members):
            self.assertEqual(c["first_seen"][:19] + "Z", listed["first_seen"])
            self.assertEqual(c["last_seen"][:19] + "Z", listed["last_seen"])
            self.assertIn("%d alerts in %d incidents" % (listed["alerts"], listed["incidents"]), c["description"])
            sg = sightings[c["id"]]
            self.assertEqual(sg["count"], listed["alerts"])
            # Every incident shared: one observed-data each, with the incident's count and evidence.
            ods = [by_id[i] for i in sg["observed_data_refs"]]
            self.assertEqual(len(ods), len(members))
            self.assertEqual(sorted(o["number_observed"] for o in ods),
                             sorted(self.incidents[m - 1]["alerts"] for m in members))
            evidence = set()
            for od, m in zip(ods, members):
                inc = self.incidents[m - 1]
                self.assertEqual(od["number_observed"], inc["alerts"])
                sources = [by_id[r]["value"] for r in od["object_refs"]]
                self.assertEqual(sources[0], inc["attacker"])
                refs = {r["external_id"] for r in od["external_references"] if r["source_name"] == "vigie-evidence"}
                self.assertEqual(refs, inc["evidence"])
                evidence |= refs
            self.assertEqual({r["external_id"] for r in sg["external_references"]}, evidence)
            # The campaign targets the sector identities of its incidents' assets.
            targets = [by_id[r["target_ref"]] for r in by_type["relationship"]
                       if r["source_ref"] == c["id"] and r["relationship_type"] == "targets"]
            want = {SECTORS[self.incidents[m - 1]["org"]] for m in members if self.incidents[m - 1]["org"] in SECTORS}
            self.assertEqual({t["sectors"][0] for t in targets}, want)
            self.assertTrue(all(t["identity_class"] == "class" for t in targets))
        # Incidents in no campaign are observed-data too.
        in_campaigns = sum(len(m) for m in self.campaign_members)
        self.assertEqual(len(by_type["observed-data"]), len(self.incidents))
        self.assertGreater(len(self.incidents), in_campaigns)

    def test_default_policy_keeps_internal_sources_and_assets_in(self):
        _, bundle = self.export("default.stix.json")
        text = json.dumps(bundle)
        for inc in self.incidents:
            self.assertNotIn('"%s"' % inc["attacker"], text)
        self.assertNotIn("192.168.", text)  # not even inside labels and link reasons
        for name in SECTORS:
            self.assertNotIn(name, text)
        by_type = objects_by_type(bundle)
        self.assertEqual(len(by_type.get("campaign", [])), len(self.listed))
        for c in by_type["campaign"]:
            self.assertIn("[internal]", c["name"])
        # The demo's sources are all private: the campaigns are sighted without observed-data.
        for sg in by_type["sighting"]:
            self.assertNotIn("observed_data_refs", sg)
            self.assertTrue(sg["external_references"])

    def test_reexport_is_identical_but_for_export_time(self):
        # Ids are UUIDv5 of the sensor's organisation and the store's ids; only created,
        # modified and the bundle's id say when the export ran.
        _, a = self.export("a.json", "--policy", self.everything)
        _, b = self.export("b.json", "--policy", self.everything)
        self.assertEqual(without_timestamps(a), without_timestamps(b))
        _, c = self.export("c.json", "--policy", self.everything, org="Other CERT")
        self.assertFalse({o["id"] for o in a["objects"] if o["type"] == "campaign"} &
                         {o["id"] for o in c["objects"] if o["type"] == "campaign"})

    def test_round_trips_through_import(self):
        for fmt in ("stix", "misp"):
            path, _ = self.export("rt." + fmt, "--format", fmt, "--policy", self.everything)
            db = os.path.join(self.dir, "rt-%s.db" % fmt)
            r = run("intel", "import", "--db", db, path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("0 with errors", r.stdout)
            self.assertNotIn("warning", r.stderr)
            # No indicator was sighted: campaigns and incidents are context, never detection.
            self.assertEqual(sqlite3.connect(db).execute("SELECT COUNT(*) FROM intel_observables").fetchone(), (0,))

    def test_misp_one_object_per_campaign(self):
        _, event = self.export("all.misp.json", "--format", "misp", "--policy", self.everything)
        objs = [o for o in event["Event"]["Object"] if o["name"] == "vigie-campaign"]
        self.assertEqual(len(objs), len(self.listed))
        for o, listed, members in zip(objs, self.listed, self.campaign_members):
            self.assertIn("%d alerts in %d incidents" % (listed["alerts"], listed["incidents"]), o["comment"])
            sources = [a["value"] for a in o["Attribute"] if a.get("object_relation") == "source"]
            self.assertEqual(sources, [self.incidents[m - 1]["attacker"] for m in members])
            self.assertFalse(any(a["to_ids"] for a in o["Attribute"]))
        _, private = self.export("default.misp.json", "--format", "misp")
        self.assertNotIn("192.168.", json.dumps(private))


if __name__ == "__main__":
    unittest.main()
