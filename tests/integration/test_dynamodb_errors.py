"""What the golden cases (tests/cases/dynamodb, run by test_cases.py) cannot say as data: errors
as boto3 reports them, headers on every answer, and the HTTP edge (bodies over 16 MB, health
checks, CORS). Each bad request's exact answer is a case file there.
"""

import select
import socket
import unittest

from botocore.exceptions import ClientError

from harness import DYNAMODB_REQUEST_ID, JSON_10, ServerTestCase, unique_name

SERIALIZATION = "com.amazon.coral.service#SerializationException"
KEY_MISMATCH = "The provided key element does not match the schema"
MAX_BODY = 16 * 1024 * 1024


class ErrorTestCase(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = unique_name("errors")
        cls.ddb.create_table(
            TableName=cls.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "itemKey", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "itemKey", "KeyType": "HASH"}])

    def call(self, operation, body, **kw):
        return self.server.raw(operation, body, **kw)

    def item(self, key="k1", **attrs):
        item = {"itemKey": {"S": key}}
        item.update(attrs)
        return item

    def put(self, item):
        response = self.call("PutItem", {"TableName": self.table, "Item": item})
        self.assertEqual(response.status, 200, response)


class Boto3ErrorsTest(ErrorTestCase):

    def test_boto3_sees_code_and_message(self):
        with self.assertRaises(ClientError) as missing:
            self.ddb.get_item(TableName=unique_name("none"), Key=self.item())
        error = missing.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]),
                         ("ResourceNotFoundException", "Requested resource not found"))
        with self.assertRaises(ClientError) as mismatch:
            self.ddb.get_item(TableName=self.table, Key={"itemKey": {"N": "1"}})
        error = mismatch.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]), ("ValidationException", KEY_MISMATCH))
        self.assertEqual(mismatch.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)


class HeadersTest(ErrorTestCase):
    """x-amzn-RequestId on every answer; x-amz-crc32 = CRC32 of the exact body bytes."""

    def assertHeaders(self, response):
        self.assertIn("x-amzn-requestid", response.headers)
        self.assertTrue(response.headers["x-amzn-requestid"])
        self.assertIn("x-amz-crc32", response.headers)
        self.assertTrue(response.crc32_ok(), (response.headers["x-amz-crc32"], response.raw))
        self.assertEqual(response.headers["content-length"], str(len(response.raw)))

    def test_success_headers(self):
        response = self.call("ListTables", {})
        self.assertEqual(response.status, 200, response)
        self.assertHeaders(response)
        self.assertEqual(response.headers["content-type"], JSON_10)

    def test_error_headers(self):
        response = self.call("GetItem", {"TableName": unique_name("none"), "Key": self.item()})
        self.assertEqual(response.status, 400)
        self.assertHeaders(response)
        self.assertEqual(response.headers["content-type"], JSON_10)

    def test_request_id_has_aws_form_and_is_unique(self):
        ids = {self.call("ListTables", {}).headers["x-amzn-requestid"] for _ in range(5)}
        self.assertEqual(len(ids), 5)
        for request_id in ids:
            self.assertRegex(request_id, DYNAMODB_REQUEST_ID)

    def test_crc_of_unicode_and_large_bodies(self):
        self.put(self.item("unicode", s={"S": "héllo \u2603 \U0001F600 \"quoted\" \\"},
                           big={"S": "y" * 200000}))
        response = self.call("GetItem", {"TableName": self.table, "Key": self.item("unicode")})
        self.assertEqual(response.status, 200, response)
        self.assertHeaders(response)
        self.assertEqual(response.body["Item"]["s"]["S"], "héllo \u2603 \U0001F600 \"quoted\" \\")
        self.assertEqual(response.body["Item"]["big"]["S"], "y" * 200000)

    def test_boto3_accepts_the_crc(self):
        # botocore checks x-amz-crc32 for DynamoDB and raises on a mismatch.
        self.ddb.put_item(TableName=self.table, Item=self.item("crc", v={"S": "ü" * 1000}))
        got = self.ddb.get_item(TableName=self.table, Key=self.item("crc"))
        self.assertEqual(got["Item"]["v"]["S"], "ü" * 1000)


class HttpEdgeTest(ErrorTestCase):

    def send_large(self, size):
        """POSTs `size` bytes; returns (status, raw response). Stops sending once the server has
        answered, so an early 413 is read rather than lost in a reset."""
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=60)
        try:
            head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\n"
                    "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: %d\r\n\r\n"
                    % (JSON_10, size)).encode()
            sock.sendall(head)
            chunk = b"a" * 65536
            sent = 0
            try:
                while sent < size:
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        break
                    piece = chunk[:min(len(chunk), size - sent)]
                    sock.sendall(piece)
                    sent += len(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    more = sock.recv(65536)
                    if not more:
                        break
                    data += more
            except ConnectionResetError:
                pass
            status_line = data.split(b"\r\n", 1)[0]
            self.assertTrue(status_line.startswith(b"HTTP/1.1 "), data[:200])
            return int(status_line.split()[1]), data
        finally:
            sock.close()

    def test_body_over_16_mb_is_413(self):
        status, _ = self.send_large(MAX_BODY + 1)
        self.assertEqual(status, 413)

    def test_body_of_16_mb_is_read(self):
        status, data = self.send_large(MAX_BODY)
        self.assertEqual(status, 400, data[:300])
        self.assertIn(SERIALIZATION.encode(), data)

    def test_get_root_is_dynamodb_health_check_naming_the_host_it_was_asked_by(self):
        response = self.server.raw(None, None, method="GET", sign=False, content_type=None,
                                   headers={"Host": "dynamodb.us-east-1.amazonaws.com"})
        self.assertEqual(response.status, 200)
        # AWS's own text ends with a space (dynalite test/connection.js, recorded in 2025).
        self.assertEqual(response.raw, b"healthy: dynamodb.us-east-1.amazonaws.com ")
        self.assertIn("x-amzn-requestid", response.headers)
        self.assertTrue(response.crc32_ok(), response.headers)

    def test_streamstack_health(self):
        response = self.server.raw(None, None, method="GET", path="/_streamstack/health",
                                   sign=False, content_type=None)
        self.assertEqual(response.status, 200)
        self.assertTrue(response.headers["content-type"].startswith("application/json"))
        self.assertIsInstance(response.body, dict)
        self.assertIn("dynamodb", response.body["services"])

    def test_cors_preflight(self):
        response = self.server.raw(None, None, method="OPTIONS", sign=False, content_type=None,
                                   headers={"Origin": "http://example.com",
                                            "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers":
                                                "content-type, x-amz-target"})
        self.assertEqual((response.status, response.raw), (200, b""))
        self.assertEqual(response.headers["access-control-allow-origin"], "*")
        self.assertEqual(response.headers["access-control-allow-methods"], "POST")
        self.assertEqual(response.headers["access-control-allow-headers"],
                         "content-type, x-amz-target")
        self.assertEqual(response.headers["access-control-max-age"], "172800")
        self.assertEqual(response.headers["content-length"], "0")
        self.assertIn("x-amzn-requestid", response.headers)

    def test_cors_header_on_a_regular_request(self):
        response = self.call("ListTables", {}, headers={"Origin": "http://example.com"})
        self.assertEqual(response.status, 200, response)
        self.assertEqual(response.headers["access-control-allow-origin"], "*")

    def test_startup_line(self):
        self.assertIn("streamstack listening on http://127.0.0.1:%d" % self.server.port,
                      self.server.stdout())


if __name__ == "__main__":
    unittest.main()
