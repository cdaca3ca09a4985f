"""Files carried over HTTP: fileinfo records with libmagic's type, filemagic/file.magic
rules, and the content-addressed file store (files/ab/<sha256>, deduplicated), on a
crafted capture (always) and on a real one from the conformance suite (when ../shared
is present). Stored files are re-hashed here: a file's name must be its SHA-256."""
import hashlib
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from e2e_util import SHARED, read_eve, run, tcp_session, tmpdir, write_pcap  # noqa: E402

PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"% filler\n" * 900 +
       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
RULES = (
    'alert http any any -> any any (msg:"pdf by filemagic, stored"; filemagic:"PDF document"; filestore; sid:1;)\n'
    'alert http any any -> any any (msg:"pdf by file.magic"; file.magic; content:"PDF"; sid:2;)\n'
    'alert http any any -> any any (msg:"not an executable"; filemagic:"executable"; sid:3;)\n'
)


def http_get(path, body):
    req = ("GET %s HTTP/1.1\r\nHost: files.example\r\n\r\n" % path).encode()
    resp = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    return req, resp


def stored_files(outdir, name="files"):
    root = os.path.join(outdir, name)
    found = {}
    for d, _, names in os.walk(root):
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                found[os.path.relpath(os.path.join(d, n), root)] = hashlib.sha256(f.read()).hexdigest()
    return found


class CraftedDownloads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tmpdir()
        frames = []
        # The same PDF fetched twice (two flows), and one plain-text file.
        for i, (path, body) in enumerate([("/a.pdf", PDF), ("/b.pdf", PDF), ("/c.txt", b"hello, plain text\n")]):
            req, resp = http_get(path, body)
            frames += tcp_session("10.0.0.1", "192.0.2.80", 40000 + i, 80, req, resp, t0=1700000000 + i)
        cls.pcap = os.path.join(cls.dir, "files.pcap")
        write_pcap(cls.pcap, frames)
        cls.rules = os.path.join(cls.dir, "files.rules")
        with open(cls.rules, "w") as f:
            f.write(RULES)

    def run_vigie(self, *extra):
        out = tmpdir()
        r = run("run", "-r", self.pcap, "-S", self.rules, "-l", out, "--no-progress", *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out, read_eve(out)

    def test_filemagic_rules_and_fileinfo_magic(self):
        out, ev = self.run_vigie("--set", "file-store.enabled=yes")
        sids = sorted(e["alert"]["signature_id"] for e in ev if e["event_type"] == "alert")
        self.assertEqual(sids, [1, 1, 2, 2])  # two PDFs; the text file and sid 3 never match
        infos = [e["fileinfo"] for e in ev if e["event_type"] == "fileinfo"]
        self.assertEqual(len(infos), 3)
        by_name = {i["filename"]: i for i in infos}
        self.assertIn("PDF document", by_name["/a.pdf"]["magic"])
        self.assertIn("text", by_name["/c.txt"]["magic"].lower())

    def test_filestore_keeps_matched_files_once_by_sha256(self):
        out, ev = self.run_vigie("--set", "file-store.enabled=yes")
        sha = hashlib.sha256(PDF).hexdigest()
        self.assertEqual(stored_files(out), {os.path.join(sha[:2], sha): sha})  # deduplicated, no tmp leftovers
        infos = {e["fileinfo"]["filename"]: e["fileinfo"] for e in ev if e["event_type"] == "fileinfo"}
        self.assertTrue(infos["/a.pdf"]["stored"])
        self.assertTrue(infos["/b.pdf"]["stored"])
        self.assertFalse(infos["/c.txt"]["stored"])  # no filestore rule matched it
        import json
        with open(os.path.join(out, "stats.json")) as f:
            fs = json.load(f)["file_store"]
        self.assertEqual((fs["stored"], fs["deduplicated"]), (1, 1))

    def test_force_filestore_keeps_every_file(self):
        out, _ = self.run_vigie("--set", "file-store.enabled=yes", "--set", "file-store.force-filestore=yes",
                                "--set", "file-store.dir=kept")
        kept = stored_files(out, "kept")
        self.assertEqual(len(kept), 2)  # two distinct files, each named by its own SHA-256
        self.assertTrue(all(os.path.basename(path) == sha for path, sha in kept.items()))

    def test_store_off_by_default(self):
        out, ev = self.run_vigie()
        self.assertFalse(os.path.exists(os.path.join(out, "files")))
        self.assertTrue(all(not e["fileinfo"]["stored"] for e in ev if e["event_type"] == "fileinfo"))

    def test_bad_file_store_value_is_one_line_error(self):
        r = run("run", "-r", self.pcap, "-S", self.rules, "-l", tmpdir(), "--no-progress",
                "--set", "file-store.max-open-files=0")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("max-open-files", r.stderr)


@unittest.skipUnless(os.path.isdir(os.path.join(SHARED, "conformance")),
                     "../shared/conformance absent: real-capture file test skipped")
class RealPdfDownload(unittest.TestCase):
    def test_pdf_download_is_typed_and_stored(self):
        pcap = os.path.join(SHARED, "conformance", "suricata-verify", "tests", "fileext-01", "pdf-dl.pcap")
        d = tmpdir()
        rules = os.path.join(d, "r.rules")
        with open(rules, "w") as f:
            f.write(RULES)
        out = tmpdir()
        r = run("run", "-r", pcap, "-S", rules, "-l", out, "-k", "none", "--no-progress",
                "--set", "file-store.enabled=yes")
        self.assertEqual(r.returncode, 0, r.stderr)
        ev = read_eve(out)
        self.assertEqual(sorted(e["alert"]["signature_id"] for e in ev if e["event_type"] == "alert"), [1, 2])
        info = [e["fileinfo"] for e in ev if e["event_type"] == "fileinfo"][0]
        self.assertTrue(info["stored"])
        self.assertTrue(info["magic"].startswith("PDF document"))
        self.assertEqual(stored_files(out), {os.path.join(info["sha256"][:2], info["sha256"]): info["sha256"]})


if __name__ == "__main__":
    unittest.main()
