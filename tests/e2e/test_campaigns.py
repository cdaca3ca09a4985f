"""End-to-end: incidents and campaigns from the demo capture, checked against a grouping
computed here from eve.json with the rules of docs/store.md (not read back from Vigie)."""
import collections
import datetime
import ipaddress
import json
import os
import sqlite3
import unittest

from e2e_util import SRC, alerts, read_eve, run, run_demo_with_db, tmpdir

ASSETS = os.path.join(SRC, "data", "assets.example.yaml")
# data/assets.example.yaml, most specific first.
ORGS = [(ipaddress.ip_network("192.168.1.64/28"), "Demo Flight Software"),
        (ipaddress.ip_network("192.168.1.0/24"), "Demo Lab")]
WINDOW_US = 3600 * 10**6


def ts_us(text):
    t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")
    return int(t.timestamp()) * 10**6 + t.microsecond


def org(ip, orgs=ORGS):
    for net, name in orgs:
        if ipaddress.ip_address(ip) in net:
            return name
    return "unknown"


def family(sig, category, sid):
    words = sig.split()
    tag = lambda w: w[:1].isupper() and all(c.isupper() or c.isdigit() or c in "_-" for c in w)
    if len(words) >= 3 and len(words[0]) >= 2 and tag(words[0]) and tag(words[1]):
        return words[0] + " " + words[1]
    return category or "sid %d" % sid


def expected_incidents(eve_alerts, orgs=ORGS):
    groups = collections.defaultdict(list)
    for a in eve_alerts:
        o = org(a["dest_ip"], orgs)
        key = (a["src_ip"], o if o != "unknown" else "ip:" + a["dest_ip"],
               family(a["alert"]["signature"], a["alert"].get("category", ""), a["alert"]["signature_id"]))
        evidence = a.get("vigie", {}).get("evidence", {}).get("id")
        groups[key].append((ts_us(a["timestamp"]), a["dest_ip"], o, evidence))
    incidents = []
    for (attacker, _, fam), rows in groups.items():
        rows.sort(key=lambda r: r[0])
        cur = None
        for ts, dest, o, evidence in rows:
            if cur is None or ts - cur["last"] > WINDOW_US:
                cur = {"attacker": attacker, "org": o, "targets": set(), "family": fam, "first": ts, "alerts": 0,
                       "evidence": set()}
                incidents.append(cur)
            cur["last"] = ts
            cur["alerts"] += 1
            cur["targets"].add(dest)
            if evidence:
                cur["evidence"].add(evidence)
    incidents.sort(key=lambda i: (i["first"], i["attacker"], i["org"],
                                  min(i["targets"]) if len(i["targets"]) == 1 else "", i["family"]))
    return incidents


def slash24(ip):
    return str(ipaddress.ip_network(ip + "/24", strict=False))


def expected_campaigns(incidents):
    """Incident ids (1-based) per campaign: the demo's only evidence is the source /24."""
    by_net = collections.defaultdict(list)
    for n, inc in enumerate(incidents, 1):
        by_net[slash24(inc["attacker"])].append(n)
    return sorted(ids for ids in by_net.values() if len(ids) > 1)


class CampaignsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.db, r = run_demo_with_db("--assets", ASSETS)
        cls.run_stdout = r.stdout
        cls.alerts = alerts(read_eve(cls.out))
        cls.expected = expected_incidents(cls.alerts)

    def query(self, sql):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def test_incidents_match_rules(self):
        self.assertIn("campaigns: %d alerts in %d incidents" % (len(self.alerts), len(self.expected)), self.run_stdout)
        got = self.query("SELECT attacker_ip, target_org, signature_family, first_seen, last_seen, alerts "
                         "FROM incidents ORDER BY id")
        want = [(i["attacker"], i["org"], i["family"], i["first"], i["last"], i["alerts"]) for i in self.expected]
        self.assertEqual(got, want)
        self.assertEqual(self.query("SELECT COUNT(*) FROM alerts WHERE incident_id IS NULL"), [(0,)])

    def test_campaigns_are_slash24_groups_with_reasons(self):
        # The demo's attackers are all private, with no app-layer objects in the alerts
        # and at most one signature per incident: the source /24 is the only evidence.
        want = expected_campaigns(self.expected)
        self.assertGreaterEqual(len(want), 1)
        r = run("campaigns", "--db", self.db, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        listed = json.loads(r.stdout)
        self.assertEqual(len(listed), len(want))
        got = []
        for c in listed:
            detail = run("campaigns", "--db", self.db, "--format", "json", "--id", str(c["id"]))
            self.assertEqual(detail.returncode, 0, detail.stderr)
            links = json.loads(detail.stdout)[0]["links"]
            ids = [l["incident"] for l in links]
            got.append(ids)
            self.assertEqual(c["incidents"], len(ids))
            self.assertEqual(c["alerts"], sum(self.expected[i - 1]["alerts"] for i in ids))
            self.assertIsNone(links[0]["linked_to_incident"])
            for l in links[1:]:
                self.assertIn(l["linked_to_incident"], ids)
                self.assertEqual(l["reason"], "same /24 " + slash24(l["attacker_ip"]))
            sectors = {s["value"]: s["alerts"] for s in c["top_sectors"]}
            self.assertLessEqual(sum(sectors.values()), c["alerts"])
        self.assertEqual(sorted(got), want)
        text = run("campaigns", "--db", self.db, "--id", str(listed[0]["id"]))
        self.assertIn("linked to campaign %d (via incident" % listed[0]["id"], text.stdout)
        self.assertIn("by: same /24 ", text.stdout)

    def test_stats_by_campaign_adds_up(self):
        r = run("stats", "--db", self.db, "--by", "campaign", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = json.loads(r.stdout)
        self.assertEqual(sum(row["alerts"] for row in rows), len(self.alerts))
        listed = {c["id"]: c for c in json.loads(run("campaigns", "--db", self.db, "--format", "json").stdout)}
        for row in rows:
            if row["campaign"] == "none":
                self.assertEqual(row["campaign_id"], 0)
                continue
            c = listed[row["campaign_id"]]
            self.assertEqual(row["campaign"], "#%d %s" % (c["id"], c["label"]))
            self.assertEqual(row["alerts"], c["alerts"])

    def test_app_layer_evidence_links_across_years(self):
        # Two demo alerts rewritten as a Suricata sensor would log an HTTP attack, from
        # two unrelated networks years apart, with the same tool: linked by user agent and
        # URI pattern. A third, same URL but another user agent, stays out.
        a = self.alerts[0]
        lines = []
        for n, (year, src, ua) in enumerate((("2016", "198.18.7.1", "Gh0stProbe/1.3"),
                                             ("2024", "100.70.8.2", "Gh0stProbe/1.3"),
                                             ("2024", "100.99.1.1", "OtherTool/2.0"))):
            rec = dict(a, timestamp=year + a["timestamp"][4:], src_ip=src, pcap_cnt=n + 1,
                       http={"hostname": "10.9.9.9", "url": "/cgi-bin/luci/;stok=%s/admin" % year,
                             "http_user_agent": ua})
            lines.append(json.dumps(rec))
        path = os.path.join(self.out, "http.eve.json")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        db = os.path.join(self.out, "http.db")
        r = run("ingest", "--db", db, "--incident-window", "30m", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("3 incidents (window 1800s), 1 campaigns linking 2 incidents", r.stdout)
        links = json.loads(run("campaigns", "--db", db, "--format", "json", "--id", "1").stdout)[0]["links"]
        self.assertEqual([l["attacker_ip"] for l in links], ["198.18.7.1", "100.70.8.2"])
        self.assertEqual(links[1]["reason"],
                         "same user agent Gh0stProbe/1.3; same URI pattern /cgi-bin/luci/;stok=N/admin")

    def test_evidence_ids_behind_each_campaign(self):
        # With --evidence every alert has an evidence id in eve.json (vigie.evidence.id);
        # without --assets every target is its own address.
        out = tmpdir()
        r = run("keygen", "-o", os.path.join(out, "keys"))
        self.assertEqual(r.returncode, 0, r.stderr)
        out, db, _ = run_demo_with_db("--evidence", "--key", os.path.join(out, "keys", "sensor.key"))
        incidents = expected_incidents(alerts(read_eve(out)), orgs=[])
        want = expected_campaigns(incidents)
        listed = json.loads(run("campaigns", "--db", db, "--format", "json").stdout)
        self.assertEqual(len(listed), len(want))
        for c, ids in zip(listed, want):
            evidence = set().union(*(incidents[i - 1]["evidence"] for i in ids))
            self.assertEqual(c["evidence_total"], len(evidence))
            self.assertEqual(len(c["evidence_ids"]), min(10, len(evidence)))
            self.assertLessEqual(set(c["evidence_ids"]), evidence)

    def test_bad_window_and_unknown_campaign(self):
        r = run("ingest", "--db", os.path.join(self.out, "w.db"), "--incident-window", "soon",
                os.path.join(self.out, "eve.json"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read duration 'soon'", r.stderr)
        r = run("campaigns", "--db", self.db, "--id", "999")
        self.assertEqual(r.returncode, 1)
        self.assertIn("vigie: error: no campaign 999", r.stderr)


if __name__ == "__main__":
    unittest.main()
