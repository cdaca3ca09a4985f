"""Every EVE line Vigie writes validates against Suricata's published EVE schema
(../shared/data/eve-schema/schema.json), with Vigie's own top-level `vigie` object
set aside. Runs Vigie on the demo capture and on every conformance test capture with
its rules. Skips (exit 77) when ../shared or the jsonschema module is absent."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from e2e_util import DEMO_PCAP, DEMO_RULES, SHARED, run, tmpdir  # noqa: E402

SCHEMA = os.path.join(SHARED, "data", "eve-schema", "schema.json")
SV_TESTS = os.path.join(SHARED, "conformance", "suricata-verify", "tests")

try:
    import jsonschema
except ImportError:
    jsonschema = None


def conformance_cases():
    if not os.path.isdir(SV_TESTS):
        return []
    cases = []
    for root, dirs, files in os.walk(SV_TESTS):
        if "test.yaml" not in files:
            continue
        pcaps = sorted(f for f in files if f.endswith((".pcap", ".pcapng")))
        rules = sorted(f for f in files if f.endswith(".rules"))
        if pcaps:
            cases.append((os.path.relpath(root, SV_TESTS), os.path.join(root, pcaps[0]),
                          [os.path.join(root, r) for r in rules]))
    return sorted(cases)


class EveSchema(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SCHEMA) as f:
            schema = json.load(f)
        cls.validator = jsonschema.Draft202012Validator(schema) if hasattr(jsonschema, "Draft202012Validator") \
            else jsonschema.Draft7Validator(schema)

    def validate_run(self, name, pcap, rules):
        out = tmpdir()
        args = ["run", "-r", pcap, "-l", out, "--no-progress", "-k", "none"]
        for r in rules:
            args += ["-S", r]
        p = run(*args)
        self.assertEqual(p.returncode, 0, f"{name}: {p.stderr}")
        n = 0
        with open(os.path.join(out, "eve.json")) as f:
            for lineno, line in enumerate(f, 1):
                event = json.loads(line)
                event.pop("vigie", None)
                errors = sorted(self.validator.iter_errors(event), key=lambda e: list(e.path))
                if errors:
                    self.fail(f"{name}: eve.json line {lineno}: {errors[0].message} at {list(errors[0].path)}")
                n += 1
        return n

    def test_demo(self):
        self.assertGreater(self.validate_run("demo", DEMO_PCAP, [DEMO_RULES]), 0)

    def test_conformance_outputs(self):
        total = 0
        for name, pcap, rules in conformance_cases():
            with self.subTest(name=name):
                total += self.validate_run(name, pcap, rules)
        print(f"\nvalidated {total} EVE records over {len(conformance_cases())} conformance captures")


if __name__ == "__main__":
    if not os.path.exists(SCHEMA):
        print("SKIP: ../shared/data/eve-schema is absent (present in CI); EVE schema not checked")
        sys.exit(77)
    if jsonschema is None:
        print("SKIP: python3-jsonschema is not installed (make deps installs it)")
        sys.exit(77)
    unittest.main()
