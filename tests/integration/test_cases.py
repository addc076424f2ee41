"""The golden wire cases: every tests/cases/<service>/**/*.case file runs against a server of its
own, its requests in order, each answer compared with the one written in the file (status, body,
headers). The format is in tests/cases/README.md; adding a case needs no code.

One test per file (test_<service>_<path>), one subTest per request, named by file and line.
"""

import gzip
import http.client
import json
import os
import unittest
import zlib

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import case_files
from harness import ACCOUNT, REGION, Server


def sign(url, method, headers, data, region, signing_name):
    request = AWSRequest(method=method, url=url, data=data, headers=headers)
    SigV4Auth(Credentials("test", "test"), signing_name, region).add_auth(request)
    return dict(request.headers.items())


class CaseRun:
    """One case file against one server."""

    def __init__(self, test, service_folder, path):
        self.test = test
        self.path = path
        self.config = case_files.load_services(service_folder)
        self.server = Server().start()
        self.variables = {"region": REGION, "account": ACCOUNT, "port": self.server.port,
                          "host": "127.0.0.1:%d" % self.server.port}

    def close(self):
        self.server.close()

    def service_of(self, operation):
        name, _, op = operation.rpartition(":")
        name = name or self.config["default"]
        return self.config["services"][name], op

    def send(self, record):
        service, operation = self.service_of(record.operation)
        options = {}
        headers = {}
        for name, argument in record.options:
            if name == "header":
                key, _, value = argument.partition(":")
                headers[key.strip()] = case_files.substitute(value.strip(), self.variables)
            else:
                options[name] = case_files.substitute(argument, self.variables)
        if "raw" in options:
            data = options["raw"].encode()
        else:
            text = case_files.substitute("\n".join(record.body_lines), self.variables).strip()
            data = json.dumps(json.loads(text)).encode() if text else b""
        encoding = options.get("encode")
        if encoding == "gzip":
            data = gzip.compress(data)
        elif encoding == "deflate":
            data = zlib.compress(data)
        content_type = options.get("content-type", service["content_type"])
        if content_type != "none":
            headers.setdefault("Content-Type", content_type)
        if "target" in options:
            if options["target"] != "none":
                headers["X-Amz-Target"] = options["target"]
        else:
            headers["X-Amz-Target"] = service["target_prefix"] + "." + operation
        method = options.get("method", "POST")
        path = options.get("path", "/")
        if "unsigned" not in options:
            headers = sign(self.server.endpoint + path, method, headers, data,
                           options.get("region", REGION), service["signing_name"])
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for key, value in headers.items():
                conn.putheader(key, value)
            if data or method != "GET":
                conn.putheader("Content-Length", str(len(data)))
            conn.endheaders(data if data else None)
            response = conn.getresponse()
            return service, response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def run(self, record):
        service, status, headers, raw = self.send(record)
        where = record.where()
        shown = "%s\nanswer: %d %s %r" % (where, status, headers, raw[:2000])
        if headers.get("content-encoding") == "gzip":
            body_bytes = gzip.decompress(raw)
        else:
            body_bytes = raw
        if service.get("crc32"):
            self.test.assertEqual(headers.get("x-amz-crc32"), str(zlib.crc32(raw) & 0xFFFFFFFF), shown)
        expected_status = 200 if record.kind == "setup" else record.status
        self.test.assertEqual(status, expected_status, shown)
        body = json.loads(body_bytes) if body_bytes.strip().startswith((b"{", b"[")) else None
        checked_raw = False
        for name, argument in record.expectations:
            argument = case_files.substitute(argument, self.variables)
            if name == "header":
                key, _, value = argument.partition(":")
                self.test.assertEqual(headers.get(key.strip().lower()), value.strip(), shown)
            elif name == "no-header":
                self.test.assertNotIn(argument.lower(), headers, shown)
            elif name == "raw-body":
                checked_raw = True
                self.test.assertEqual(body_bytes, json.loads(argument).encode(), shown)
            elif name == "capture":
                variable, _, member = argument.partition(" ")
                self.variables[variable] = case_files.value_at(body, member.strip())
            elif name == "any-body":
                checked_raw = True
            else:
                self.test.fail("%s: unknown expectation @%s" % (where, name))
        if record.kind == "setup" or checked_raw:
            return
        text = case_files.substitute("\n".join(record.expected_lines), self.variables).strip()
        if not text:
            self.test.assertEqual(body_bytes, b"", shown)
            return
        expected = json.loads(text)
        self.test.assertIsNotNone(body, shown)
        difference = case_files.matches(expected, body)
        self.test.assertIsNone(difference, "%s\n%s" % (shown, difference))


class GoldenCasesTest(unittest.TestCase):
    """Filled with one test per case file below."""


def make_test(service_folder, path):
    def test(self):
        run = CaseRun(self, service_folder, path)
        try:
            for record in case_files.parse(path):
                with self.subTest(record.where()):
                    run.run(record)
        finally:
            run.close()
    return test


for _service, _path in case_files.case_files():
    _name = os.path.relpath(_path, case_files.CASES_DIR)[:-len(".case")]
    setattr(GoldenCasesTest, "test_" + _name.replace("/", "_").replace("-", "_"),
            make_test(_service, _path))


if __name__ == "__main__":
    unittest.main()
