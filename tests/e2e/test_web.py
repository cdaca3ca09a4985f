"""End-to-end: vigie report and vigie serve, checked in a real browser (headless Debian chromium).

The store is tests/web/fixtures/attacks.eve.json ingested with the geo data of ../shared; its counts
are worked out by hand in tests/web/fixtures/README.md. The browser loads the report file and the
served dashboard; the page marks what it drew (body data-rendered, each canvas data-labels/data-total),
and the DOM dump must show the fixture's countries. A screenshot of each is kept as a test artifact.
"""
import html
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

from e2e_util import SHARED, SRC, VIGIE, run, tmpdir

FIXTURES = os.path.join(SRC, "tests", "web", "fixtures")
GEO = os.path.join(SHARED, "data", "geo")
ARTIFACTS = os.environ.get("VIGIE_ARTIFACTS", os.path.join(tempfile.gettempdir(), "vigie-artifacts"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
COUNTRIES = {"FR": 4, "US": 2, "CN": 1, "DE": 1, "private": 1}  # fixtures/README.md
MALICIOUS = "<script>alert(\"x\")</script><img src=x onerror=alert(1)> & 'q'"


def browser(url, screenshot=None):
    """The DOM after scripts ran (virtual time lets fetches and drawing finish)."""
    profile = tempfile.mkdtemp(prefix="vigie-chromium-")
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile,
            "--virtual-time-budget=5000"]
    try:
        dom = subprocess.run(base + ["--dump-dom", url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, timeout=120).stdout
        if screenshot:
            os.makedirs(ARTIFACTS, exist_ok=True)
            subprocess.run(base + ["--window-size=1280,2400", "--screenshot=" + screenshot, url],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        return dom
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def canvas(dom, name):
    m = re.search(r'<canvas id="chart-%s"[^>]*>' % name, dom)
    assert m, "no canvas chart-%s" % name
    attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', m.group(0)))
    return json.loads(html.unescape(attrs.get("data-labels", "null"))), attrs.get("data-total")


class Served:
    """vigie serve on a free port; stops it with SIGTERM."""

    def __init__(self, db, *extra):
        self.proc = subprocess.Popen([VIGIE, "serve", "--db", db, "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, "no URL in %r (stderr: %s)" % (line, self.proc.stderr.read() if self.proc.poll() is not None else "")
        self.base = "http://127.0.0.1:%s" % m.group(1)

    def get(self, path, headers=None):
        req = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, err


@unittest.skipUnless(os.path.exists(os.path.join(GEO, "geo-whois-asn-country.mmdb")),
                     "needs ../shared/data/geo (the fixture's countries come from it)")
class WebTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Other tests' proxies must not catch the loopback requests.
        os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"
        cls.out = tmpdir()
        cls.db = os.path.join(cls.out, "vigie.db")
        r = run("ingest", "--db", cls.db, "--geo", os.path.join(GEO, "geo-whois-asn-country.mmdb"),
                "--asn", os.path.join(GEO, "asn-ipv4.csv.gz"), "--asn6", os.path.join(GEO, "asn-ipv6.csv.gz"),
                "--assets", os.path.join(FIXTURES, "assets.yaml"), os.path.join(FIXTURES, "attacks.eve.json"))
        assert r.returncode == 0, r.stderr
        cls.report = os.path.join(cls.out, "report.html")
        r = run("report", "--db", cls.db, "-o", cls.report)
        assert r.returncode == 0, r.stderr
        # The campaigns `vigie ingest` grouped, as `stats --by campaign` counts them.
        r = run("stats", "--db", cls.db, "--by", "campaign", "--format", "json")
        assert r.returncode == 0, r.stderr
        cls.campaigns = [(row["campaign"], row["alerts"]) for row in json.loads(r.stdout) if row["campaign_id"]]
        cls.charts = 4 if cls.campaigns else 3

    def test_report_is_one_file_that_loads_nothing(self):
        with open(self.report) as f:
            page = f.read()
        self.assertIsNone(re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I))
        self.assertNotIn("<link", page)
        self.assertEqual(len(re.findall(r"<script", page)), 3)  # data, Chart.js, app.js: all inline
        self.assertNotIn(MALICIOUS, page)
        self.assertIn(html.escape(MALICIOUS, quote=True).replace("&#x27;", "&#39;"), page)

    def test_report_renders_in_a_browser(self):
        if not CHROMIUM:
            self.skipTest("chromium not installed (scripts/install-deps.sh installs it)")
        dom = browser("file://" + self.report, os.path.join(ARTIFACTS, "report.png"))
        self.assertIn('data-rendered="%d"' % self.charts, dom)
        labels, total = canvas(dom, "country")
        self.assertEqual(labels, list(COUNTRIES))  # biggest first, then by code
        self.assertEqual(total, str(sum(COUNTRIES.values())))
        labels, total = canvas(dom, "sector")
        self.assertEqual(sorted(labels), ["aerospace", "energy", "government", "unknown"])
        if self.campaigns:  # the timeline shows the campaigns `stats --by campaign` counts
            labels, total = canvas(dom, "campaigns")
            self.assertEqual(labels, [c for c, _ in self.campaigns])
            self.assertEqual(total, str(sum(n for _, n in self.campaigns)))
            self.assertIn('href="#ev-campaign-0"', dom)
        # The injection attempt stayed text: no element was created from it.
        self.assertNotIn("<img src=\"x\"", dom)
        self.assertNotIn("<img src=x", dom)
        self.assertIn('href="#ev-country-0"', dom)  # the FR key links to its evidence table

    def test_report_of_a_schema_1_store_says_there_are_no_campaigns(self):
        if not CHROMIUM:
            self.skipTest("chromium not installed (scripts/install-deps.sh installs it)")
        db = os.path.join(self.out, "schema1.db")
        shutil.copy(self.db, db)
        with sqlite3.connect(db) as c:  # back to a store written before incidents and campaigns
            c.executescript("DROP TABLE IF EXISTS campaign_links; DROP TABLE IF EXISTS incidents; "
                            "DROP TABLE IF EXISTS campaigns; DELETE FROM schema_migrations WHERE version > 1;")
        report = os.path.join(self.out, "schema1.html")
        r = run("report", "--db", db, "-o", report)
        self.assertEqual(r.returncode, 0, r.stderr)
        dom = browser("file://" + report)
        self.assertIn('data-rendered="3"', dom)  # country, sector, signatures
        self.assertIn("no campaigns yet (schema version 1", dom)
        labels, _ = canvas(dom, "country")
        self.assertEqual(labels, list(COUNTRIES))

    def test_dashboard_renders_from_the_api(self):
        if not CHROMIUM:
            self.skipTest("chromium not installed (scripts/install-deps.sh installs it)")
        s = Served(self.db)
        try:
            dom = browser(s.base + "/", os.path.join(ARTIFACTS, "dashboard.png"))
            dom_since = browser(s.base + "/?since=2024-02&until=2024-05")
            dom_list = browser(s.base + "/?country=FR&sector=aerospace&list=1")
        finally:
            rc, err = s.stop()
        self.assertEqual(rc, 0, err)
        self.assertIn("serve stopped (SIGTERM)", err)
        self.assertIn('data-rendered="%d"' % self.charts, dom)
        labels, total = canvas(dom, "country")
        self.assertEqual(labels, list(COUNTRIES))
        self.assertEqual(total, "9")
        # The form's filters reach every view: February to April has FR 2, DE 1, US 1, private 1.
        self.assertIn('data-rendered="%d"' % self.charts, dom_since)
        labels, total = canvas(dom_since, "country")
        self.assertEqual(sorted(labels), ["DE", "FR", "US", "private"])
        self.assertEqual(total, "5")
        # The alerts behind a figure, with their evidence ids; the signature stays text.
        self.assertIn("Alerts matching the filters: 3 alerts", dom_list)
        self.assertIn("<td>e1.1</td>", dom_list)
        self.assertIn("<td>e1.2</td>", dom_list)
        self.assertIn("<td>&lt;script&gt;alert(\"x\")&lt;/script&gt;&lt;img src=x", dom_list)
        self.assertNotIn("<img src=", dom_list)

    def test_api_matches_stats_and_hand_counts(self):
        s = Served(self.db)
        try:
            status, body = s.get("/api/stats?by=source-country")
            self.assertEqual(status, 200, body)
            api = {r["source_country"]: r["alerts"] for r in json.loads(body)["rows"]}
            status, body = s.get("/api/alerts?country=FR&sector=aerospace")
            alerts = json.loads(body)
            status_rebind, _ = s.get("/api/summary", {"Host": "attacker.example"})
            status_bad, body_bad = s.get("/api/stats?by=colour")
        finally:
            rc, _ = s.stop()
        self.assertEqual(rc, 0)
        self.assertEqual(api, COUNTRIES)
        r = run("stats", "--db", self.db, "--by", "source-country", "--format", "json")
        self.assertEqual({x["source_country"]: x["alerts"] for x in json.loads(r.stdout)}, api)
        self.assertEqual(alerts["total"], 3)
        self.assertEqual([a["evidence_id"] for a in alerts["alerts"]], ["e1.1", None, "e1.2"])
        self.assertEqual(status_rebind, 403)  # DNS rebinding guard
        self.assertEqual(status_bad, 400)
        self.assertIn("colour", json.loads(body_bad)["error"])

    def test_non_loopback_needs_allow_remote(self):
        r = run("serve", "--db", self.db, "--listen", "0.0.0.0:8080", timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.count("\n"), 1)
        self.assertIn("--allow-remote", r.stderr)
        p = subprocess.Popen([VIGIE, "serve", "--db", self.db, "--listen", "0.0.0.0:0", "--allow-remote"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertIn("serving", p.stdout.readline())
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn("serve stopped (SIGINT)", err)

    def test_bad_store_and_arguments(self):
        bogus = os.path.join(self.out, "not-a-db.txt")
        with open(bogus, "w") as f:
            f.write("hello\n" * 100)
        for cmd in (["report", "--db", bogus, "-o", os.path.join(self.out, "x.html")],
                    ["serve", "--db", bogus, "--listen", "127.0.0.1:0"],
                    ["report", "--db", os.path.join(self.out, "missing.db"), "-o", os.path.join(self.out, "y.html")]):
            r = run(*cmd, timeout=30)
            self.assertEqual(r.returncode, 1, cmd)
            self.assertTrue(r.stderr.startswith("vigie: error: "), r.stderr)
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        r = run("report", "--db", self.db, "-o", os.path.join(self.out, "z.html"), "--since", "someday", timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--since: cannot read time 'someday'", r.stderr)
        r = run("serve", "--db", self.db, "--listen", "nonsense", timeout=30)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
