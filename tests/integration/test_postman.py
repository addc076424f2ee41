"""The tutorial's Postman steps, run by newman (Postman's command-line runner) against a server
started with the seed stack: tests/postman/streamstack-tutorial.postman_collection.json with its
environment, the base URL overridden to the server's port. Any failed request or assertion
fails the test. newman comes from npm (tests/.node/package.json); when tests/.node/node_modules
is missing (a clean clone) it is installed first with `npm install --prefix tests/.node`.
"""

import json
import os
import shutil
import subprocess
import unittest

import harness

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NODE_DIR = os.path.join(REPO, "tests", ".node")
NEWMAN = os.path.join(NODE_DIR, "node_modules", ".bin", "newman")
POSTMAN_DIR = os.path.join(REPO, "tests", "postman")
COLLECTION = os.path.join(POSTMAN_DIR, "streamstack-tutorial.postman_collection.json")
ENVIRONMENT = os.path.join(POSTMAN_DIR, "streamstack-tutorial.postman_environment.json")
SEED_STACK = os.path.join(REPO, "config", "stack.json")


def ensure_newman():
    """The newman executable, installed from tests/.node/package.json when it is not there."""
    if not os.access(NEWMAN, os.X_OK):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed (`make deps` installs it); it is needed for newman")
        proc = subprocess.run([npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0 or not os.access(NEWMAN, os.X_OK):
            raise RuntimeError("npm install --prefix %s failed (%d):\n%s\n%s"
                               % (NODE_DIR, proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return NEWMAN


class PostmanCollectionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.newman = ensure_newman()
        cls.server = harness.Server(":memory:", extra_args=["--config", SEED_STACK]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def test_newman_runs_the_tutorial_collection_without_a_failure(self):
        report = os.path.join(self.server.workdir, "newman-report.json")
        proc = subprocess.run(
            [self.newman, "run", COLLECTION, "--environment", ENVIRONMENT,
             "--env-var", "baseUrl=http://127.0.0.1:%d" % self.server.port,
             "--reporters", "cli,json", "--reporter-json-export", report,
             "--timeout-request", "10000", "--color", "off", "--disable-unicode"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, "newman failed:\n%s\n%s" % (proc.stdout, proc.stderr))
        with open(report) as f:
            run = json.load(f)["run"]
        self.assertEqual(run["failures"], [], proc.stdout)
        stats = run["stats"]
        self.assertEqual((stats["requests"]["total"], stats["requests"]["failed"]), (6, 0))
        self.assertEqual((stats["assertions"]["total"], stats["assertions"]["failed"]), (13, 0))
        self.assertEqual([e["response"]["code"] for e in run["executions"]], [200, 200, 200, 200, 400, 404])

        # What the collection did is in the table: one item, renamed by the query-string POST.
        items = self.server.client().scan(TableName="stream-demo-table")["Items"]
        self.assertEqual(len(items), 1, items)
        self.assertRegex(items[0]["itemKey"]["S"], r"^postman-\d+-\d+$")
        self.assertEqual(items[0]["name"], {"S": "renamed"})


if __name__ == "__main__":
    unittest.main()
