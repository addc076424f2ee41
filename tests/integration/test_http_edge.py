"""The HTTP edge over raw sockets: what a client that is slow, eager, old or greedy gets.

- a request's headers must arrive within the header timeout (1 s here, 10 s by default): 500
  connections that send half a header hold no thread (health still answers) and are closed,
  while an idle keep-alive connection may wait longer for its next request;
- past --max-connections a new connection is answered 503 and closed;
- pipelined requests are answered in the order they came, one waiting on a function included;
- `Expect: 100-continue` gets 100 Continue before the body is sent, or at once the final 413
  when the declared body is too large;
- chunked request bodies, and HTTP/1.0 with and without keep-alive;
- a body over 16 MB is answered 413 and the rest of it read and discarded, so a client still
  writing gets the answer instead of a broken pipe (raw socket, Node's http, the JS SDK).
"""

import json
import os
import resource
import select
import socket
import subprocess
import threading
import time
import unittest

import harness

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_MODULES = os.path.join(HERE, "..", ".node", "node_modules")
BODY_LIMIT = 16 * 1024 * 1024
AUTH = harness.FastDynamoDb.AUTH


def dynamodb_request(operation, body, extra_headers="", version="1.1"):
    data = json.dumps(body).encode()
    head = ("POST / HTTP/%s\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
            "X-Amz-Target: DynamoDB_20120810.%s\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: %s\r\n"
            "Content-Length: %d\r\n%s\r\n" % (version, operation, AUTH, len(data), extra_headers))
    return head.encode() + data


def health_request(version="1.1", extra_headers=""):
    return ("GET /_streamstack/health HTTP/%s\r\nHost: 127.0.0.1\r\n%s\r\n" % (version, extra_headers)).encode()


class Reader:
    """Reads HTTP responses off one socket: status, headers (lower-case names), body."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("the server closed the connection")
        self.buffer += data

    def response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        version, status = lines[0].split(" ")[:2]
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return version, int(status), headers, body

    def closed(self):
        """Whether the server closes the connection now (no more bytes, then end of stream)."""
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    return True
                self.buffer += data
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False


def connect(port, timeout=30):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(timeout)
    return sock


def raise_open_files_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class HttpEdgeTest(unittest.TestCase):
    """One server with a 1 s header timeout and two request threads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        raise_open_files_limit(2048)
        cls.server = harness.Server(":memory:", extra_args=["--header-timeout-ms", "1000", "--threads", "2",
                                                            "--config", os.path.join(HERE, "..", "..", "config",
                                                                                     "stack.json")]).start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def test_half_sent_headers_are_closed_after_the_header_timeout_without_holding_a_thread(self):
        # A keep-alive connection that has finished a request, then stays idle.
        idle = connect(self.port)
        idle.sendall(health_request())
        idle_reader = Reader(idle)
        self.assertEqual(idle_reader.response()[1], 200)

        slow = []
        for _ in range(500):
            sock = connect(self.port, timeout=60)
            sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar")
            slow.append(sock)
        # They hold no thread: with two request threads, health still answers.
        status = harness.http_request(self.port, "GET", "/_streamstack/health").status
        self.assertEqual(status, 200)
        # Each is closed by the server (its read ends) without an answer.
        answers = []
        for sock in slow:
            try:
                answers.append(sock.recv(100))
            except ConnectionResetError:
                answers.append(b"")
            sock.close()
        self.assertEqual(answers, [b""] * 500)
        # The idle keep-alive connection waited longer than the header timeout and still works.
        idle.sendall(health_request())
        self.assertEqual(idle_reader.response()[1], 200)
        idle.close()

    def test_pipelined_requests_are_answered_in_order(self):
        table = harness.unique_name()
        create = {"TableName": table, "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}
        put = json.dumps({"itemKey": "p", "name": "n"}).encode()
        sock = connect(self.port)
        sock.sendall(dynamodb_request("CreateTable", create) + health_request() +
                     dynamodb_request("PutItem", {"TableName": table, "Item": {"k": {"S": "1"}}}) +
                     # API Gateway to the seed's put handler: answered later, from the function.
                     b"POST /restapis/puthandler/prod/_user_request_/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(put), put) +
                     dynamodb_request("GetItem", {"TableName": table, "Key": {"k": {"S": "1"}}}))
        reader = Reader(sock)
        answers = [reader.response() for _ in range(5)]
        sock.close()
        self.assertEqual([a[1] for a in answers], [200] * 5)
        self.assertEqual(json.loads(answers[0][3])["TableDescription"]["TableName"], table)
        self.assertIn(b'"services"', answers[1][3])
        self.assertEqual(answers[2][3], b"{}")
        self.assertEqual(json.loads(answers[3][3]), {"itemKey": "p", "name": "n"})
        self.assertEqual(json.loads(answers[4][3]), {"Item": {"k": {"S": "1"}}})

    def test_expect_100_continue_is_answered_before_the_body_is_sent(self):
        sock = connect(self.port)
        request = dynamodb_request("ListTables", {"Limit": 1}, "Expect: 100-continue\r\n")
        head, body = request.split(b"\r\n\r\n", 1)
        sock.sendall(head + b"\r\n\r\n")
        self.assertEqual(sock.recv(100), b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        version, status, _, answer = Reader(sock).response()
        sock.close()
        self.assertEqual((version, status), ("HTTP/1.1", 200))
        self.assertIn("TableNames", json.loads(answer))

    def test_expect_100_continue_with_a_body_too_large_is_413_at_once(self):
        sock = connect(self.port)
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                     b"X-Amz-Target: DynamoDB_20120810.PutItem\r\nExpect: 100-continue\r\n"
                     b"Content-Length: %d\r\n\r\n" % (BODY_LIMIT + 1))
        reader = Reader(sock)
        version, status, headers, _ = reader.response()
        self.assertEqual((version, status, headers.get("connection")), ("HTTP/1.1", 413, "close"))
        self.assertTrue(reader.closed())
        sock.close()

    def test_a_chunked_request_body_is_read(self):
        table = harness.unique_name()
        create = json.dumps({"TableName": table,
                             "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
                             "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}],
                             "BillingMode": "PAY_PER_REQUEST"}).encode()
        pieces = [create[:10], create[10:40], create[40:]]
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
        sock = connect(self.port)
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                     b"X-Amz-Target: DynamoDB_20120810.CreateTable\r\nX-Amz-Date: 20260101T000000Z\r\n"
                     b"Authorization: " + AUTH.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
        _, status, _, body = Reader(sock).response()
        sock.close()
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["TableDescription"]["TableName"], table)

    def test_http_1_0_closes_after_the_answer_unless_it_asks_for_keep_alive(self):
        sock = connect(self.port)
        sock.sendall(health_request("1.0"))
        reader = Reader(sock)
        version, status, headers, _ = reader.response()
        self.assertEqual((version, status), ("HTTP/1.0", 200))
        self.assertNotIn("keep-alive", headers.get("connection", "").lower())
        self.assertTrue(reader.closed())
        sock.close()

        sock = connect(self.port)
        sock.sendall(health_request("1.0", "Connection: keep-alive\r\n"))
        reader = Reader(sock)
        version, status, headers, _ = reader.response()
        self.assertEqual((version, status, headers.get("connection")), ("HTTP/1.0", 200, "keep-alive"))
        sock.sendall(health_request("1.0"))
        self.assertEqual(reader.response()[1], 200)
        self.assertTrue(reader.closed())
        sock.close()

    def test_a_body_over_16_mb_is_413_and_the_client_can_finish_writing(self):
        sock = connect(self.port, timeout=60)
        size = BODY_LIMIT + 1024 * 1024
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                     b"X-Amz-Target: DynamoDB_20120810.PutItem\r\nContent-Length: %d\r\n\r\n" % size)
        # Written to the end without reading: the server answers first, then reads the rest away.
        sock.sendall(b"x" * size)
        reader = Reader(sock)
        version, status, headers, _ = reader.response()
        self.assertEqual((version, status, headers.get("connection")), ("HTTP/1.1", 413, "close"))
        self.assertTrue(reader.closed())
        sock.close()

    def test_a_body_over_16_mb_is_413_for_nodes_http_and_the_js_sdk(self):
        script = r"""
const http = require('http');
const {KinesisClient, PutRecordCommand} = require('@aws-sdk/client-kinesis');
const port = Number(process.argv[1]);
const body = Buffer.alloc(%d, 'a');
function raw() {
  return new Promise((resolve) => {
    const req = http.request({host: '127.0.0.1', port, method: 'POST', path: '/',
      headers: {'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.PutItem',
                'Content-Length': body.length}}, (res) => {
      res.resume();
      res.on('end', () => resolve({status: res.statusCode}));
    });
    req.on('error', (e) => resolve({error: e.code || String(e)}));
    req.end(body);
  });
}
async function sdk() {
  const client = new KinesisClient({endpoint: 'http://127.0.0.1:' + port, region: 'us-east-1', maxAttempts: 1,
    credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
  try {
    await client.send(new PutRecordCommand({StreamName: 's', PartitionKey: 'k', Data: body}));
    return {status: 200};
  } catch (e) {
    return e.$metadata && e.$metadata.httpStatusCode ? {status: e.$metadata.httpStatusCode} : {error: e.code || String(e)};
  }
}
(async () => {
  const out = [];
  for (let i = 0; i < 3; i++) out.push(await raw());
  out.push(await sdk());
  console.log(JSON.stringify(out));
})();
""" % (BODY_LIMIT + 1024 * 1024)
        from test_kinesis_h2c import ensure_js_sdk
        env = dict(os.environ, NODE_PATH=ensure_js_sdk())
        proc = subprocess.run(["node", "-e", script, str(self.port)], capture_output=True, text=True, timeout=120,
                              env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout), [{"status": 413}] * 4)


class ConnectionCapTest(unittest.TestCase):
    """--max-connections 4: a fifth connection is answered 503 and closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = harness.Server(":memory:", extra_args=["--max-connections", "4"]).start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def test_a_connection_over_the_cap_is_answered_503_and_closed(self):
        held = []
        for _ in range(4):
            sock = connect(self.port)
            sock.sendall(health_request())
            self.assertEqual(Reader(sock).response()[1], 200)  # accepted and counted
            held.append(sock)
        extra = connect(self.port)
        extra.sendall(health_request())
        reader = Reader(extra)
        version, status, headers, body = reader.response()
        self.assertEqual((version, status, headers.get("connection"), headers.get("retry-after")),
                         ("HTTP/1.1", 503, "close", "1"))
        self.assertEqual(json.loads(body),
                         {"message": "Too many connections: the server's connection limit is reached"})
        self.assertTrue(reader.closed())
        extra.close()
        # One goes, and a new connection is served again.
        held.pop().close()

        def served():
            sock = connect(self.port)
            try:
                sock.sendall(health_request())
                return Reader(sock).response()[1] == 200
            except (EOFError, ConnectionResetError):
                return False
            finally:
                sock.close()

        self.assertTrue(harness.wait_for(served, timeout=10))
        for sock in held:
            sock.close()


if __name__ == "__main__":
    unittest.main()
