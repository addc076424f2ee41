"""Test harness: runs the real streamstack binary and talks to it through real clients.

One server per test class (`ServerTestCase.setUpClass`), tables with unique names per test.
The binary comes from $STREAMSTACK_BIN (CTest sets it), else /work/main/build/streamstack.
"""

import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import uuid
import zlib

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

DEFAULT_BIN = "/work/main/build/streamstack"
READY_TIMEOUT_S = 10.0
REGION = "us-east-1"
ACCOUNT = "000000000000"
TARGET_PREFIX = "DynamoDB_20120810."
JSON_10 = "application/x-amz-json-1.0"
# x-amzn-RequestId as AWS forms it: DynamoDB and DynamoDB Streams send 52 upper-case
# alphanumerics, Kinesis, Logs, Lambda and API Gateway a version-4 UUID.
DYNAMODB_REQUEST_ID = r"^[0-9A-Z]{52}$"
UUID_REQUEST_ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"


def binary_path():
    return os.environ.get("STREAMSTACK_BIN", DEFAULT_BIN)


def unique_name(prefix="t"):
    """A table name no other test uses (3..255 chars of [a-zA-Z0-9_.-])."""
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


class Server:
    """One streamstack process. `data` is ':memory:' or a file path kept across restarts."""

    def __init__(self, data=":memory:", extra_args=()):
        self.data = data
        self.extra_args = list(extra_args)
        self.workdir = tempfile.mkdtemp(prefix="streamstack-itest-")
        self.process = None
        self.port = None
        self.stdout_path = os.path.join(self.workdir, "stdout.log")
        self.stderr_path = os.path.join(self.workdir, "stderr.log")

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        path = binary_path()
        if not os.access(path, os.X_OK):
            raise RuntimeError("streamstack binary not found at %s (set STREAMSTACK_BIN)" % path)
        ready = os.path.join(self.workdir, "ready-%s" % uuid.uuid4().hex[:8])
        args = [path, "--host", "127.0.0.1", "--port", "0", "--data", self.data,
                "--ready-file", ready, "--log-level", "warn"] + self.extra_args
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.process = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        self.port = self._wait_ready(ready)
        return self

    def _wait_ready(self, ready):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("streamstack exited with %s before it was ready:\n%s"
                                   % (self.process.returncode, self.logs()))
            try:
                with open(ready) as f:
                    text = f.read()
            except FileNotFoundError:
                text = ""
            if text.strip().isdigit():
                return int(text.strip())
            time.sleep(0.005)
        self.kill()
        raise RuntimeError("streamstack not ready within %.0f s:\n%s" % (READY_TIMEOUT_S, self.logs()))

    def logs(self):
        parts = []
        for path in (self.stdout_path, self.stderr_path):
            try:
                with open(path, errors="replace") as f:
                    parts.append(f.read())
            except FileNotFoundError:
                pass
        return "\n".join(parts)

    def stdout(self):
        with open(self.stdout_path, errors="replace") as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=10.0):
        """Stops the process with `sig` and waits for it; returns its exit code."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise RuntimeError("streamstack did not stop within %.0f s after signal %d" % (timeout, sig))

    def kill(self):
        return self.stop(signal.SIGKILL)

    def restart(self, sig=signal.SIGTERM):
        """Stops (SIGTERM, or SIGKILL for a crash) and starts again on the same data."""
        self.stop(sig)
        return self.start()

    def close(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # --- clients -------------------------------------------------------------------------------

    def client(self, service="dynamodb", region=REGION, access_key="test", secret_key="test"):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=region,
                            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                            config=Config(retries={"max_attempts": 1}))

    def resource(self, region=REGION):
        return boto3.resource("dynamodb", endpoint_url=self.endpoint, region_name=region,
                              aws_access_key_id="test", aws_secret_access_key="test",
                              config=Config(retries={"max_attempts": 1}))

    def raw(self, operation=None, body=None, headers=None, method="POST", path="/", sign=True,
            raw_body=None, target=None, region=REGION, content_type=JSON_10):
        """Sends one HTTP request. `body` is JSON-encoded unless `raw_body` (bytes/str) is given.
        `operation` sets X-Amz-Target (or `target` sets it verbatim). With `sign`, a real SigV4
        Authorization (test/test, `region`) is added. Returns a Response."""
        if raw_body is None:
            data = b"" if body is None else json.dumps(body).encode()
        else:
            data = raw_body.encode() if isinstance(raw_body, str) else raw_body
        hdrs = {}
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        if target is not None:
            hdrs["X-Amz-Target"] = target
        elif operation is not None:
            hdrs["X-Amz-Target"] = TARGET_PREFIX + operation
        hdrs.update(headers or {})
        if sign:
            hdrs = sign_headers(self.endpoint + path, method, hdrs, data, region)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, raw)
        finally:
            conn.close()

    def aws(self, *args, region=REGION, check=False, timeout=60):
        """Runs the AWS CLI against this server with dummy credentials."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": region,
            "AWS_PAGER": "",
            "AWS_CONFIG_FILE": os.path.join(self.workdir, "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.workdir, "no-aws-credentials"),
            "AWS_MAX_ATTEMPTS": "1",
        })
        cmd = [aws_executable(), "--endpoint-url", self.endpoint, "--output", "json"] + list(args)
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        result = CliResult(proc.returncode, proc.stdout, proc.stderr)
        if check and result.rc != 0:
            raise AssertionError("aws %s failed (%d): %s" % (" ".join(args), result.rc, result.stderr))
        return result


_aws_path = None


def aws_executable():
    """The `aws` on PATH; a pyenv shim is resolved once to the real script (the shim costs
    about a second per call)."""
    global _aws_path
    if _aws_path is None:
        _aws_path = shutil.which("aws") or "aws"
        if "/.pyenv/shims/" in _aws_path:
            real = subprocess.run(["pyenv", "which", "aws"], capture_output=True, text=True)
            if real.returncode == 0 and real.stdout.strip():
                _aws_path = real.stdout.strip()
    return _aws_path


def sign_headers(url, method, headers, data, region):
    request = AWSRequest(method=method, url=url, data=data, headers=headers)
    SigV4Auth(Credentials("test", "test"), "dynamodb", region).add_auth(request)
    return dict(request.headers.items())


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.body = json.loads(raw) if raw else None
        except ValueError:
            self.body = raw.decode(errors="replace")

    def crc32_ok(self):
        return self.headers.get("x-amz-crc32") == str(zlib.crc32(self.raw) & 0xFFFFFFFF)

    def __repr__(self):
        return "Response(%d, %r)" % (self.status, self.raw[:500])


class CliResult:
    def __init__(self, rc, stdout, stderr):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr

    @property
    def json(self):
        return json.loads(self.stdout) if self.stdout.strip() else None

    def __repr__(self):
        return "CliResult(rc=%d, stdout=%r, stderr=%r)" % (self.rc, self.stdout[:500], self.stderr[:500])


def cli_error_exit_code():
    """The AWS CLI's exit code for an error answered by the service: 254 in CLI v2; CLI v1
    (still what Debian/pip install) exits 255 for every error, ClientError included."""
    out = subprocess.run([aws_executable(), "--version"], capture_output=True, text=True)
    version = (out.stdout or out.stderr).strip()
    return 255 if version.startswith("aws-cli/1.") else 254


class ServerTestCase(unittest.TestCase):
    """Starts one server for the class; `self.server`, `self.ddb` (boto3 client) are ready."""

    data = ":memory:"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server(cls.data).start()
        cls.ddb = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    # --- helpers shared by the test modules ---------------------------------------------------

    def create_table(self, name=None, hash_key=("itemKey", "S"), range_key=None, client=None):
        """Creates an on-demand table and returns its name."""
        name = name or unique_name()
        attrs = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
        keys = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
        if range_key:
            attrs.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
            keys.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        (client or self.ddb).create_table(TableName=name, AttributeDefinitions=attrs,
                                          KeySchema=keys, BillingMode="PAY_PER_REQUEST")
        return name

    def assertAwsError(self, response, status, type_, message=None, message_key="message"):
        """The exact error body AWS sends: {"__type": type_, <message_key>: message}; no message
        member at all when `message` is None."""
        expected = {"__type": type_}
        if message is not None:
            expected[message_key] = message
        self.assertEqual((response.status, response.body), (status, expected), response)


# --- handler libraries, stack files and the recorder (added for the dispatcher's tests) ------

def build_dir():
    """The build folder of the streamstack binary under test."""
    return os.path.dirname(os.path.abspath(binary_path()))


def handler_library(name):
    """A handler library built by tests/unit/handlers/fixtures: `recording_handlers`,
    `bad_abi_handlers`, ..., or `example` (handlers/example built as its own project)."""
    folder = os.path.join(build_dir(), "tests", "handler-libraries")
    if name == "example":
        path = os.path.join(folder, "example-build", "libmy_handlers.so")
    else:
        path = os.path.join(folder, "lib%s.so" % name)
    if not os.path.exists(path):
        raise RuntimeError("handler library %s not built at %s (build the default target)" % (name, path))
    return path


def write_stack(directory, stack, name="stack.json"):
    """Writes a stack file and returns its path."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        json.dump(stack, f, indent=2)
    return path


def recorder_function(name, record_file, timeout=3, environment=None, statements=None):
    """A function running recording_handlers' recorder.handler, which appends every invocation
    it receives to `record_file` (see read_deliveries)."""
    env = {"RECORD_FILE": record_file}
    env.update(environment or {})
    function = {"name": name, "handler": "recorder.handler", "code": handler_library("recording_handlers"),
                "timeout": timeout, "environment": env}
    if statements is not None:
        function["role"] = {"name": name + "-role", "statements": statements}
    return function


def read_deliveries(record_file):
    """The recorder's invocations, oldest first: dicts with entered_us (wall clock at entry,
    microseconds), function, request_id and records (the event's Records)."""
    try:
        with open(record_file) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def wait_for(predicate, timeout=10.0, interval=0.005):
    """Polls `predicate` until it returns a true value (returned) or `timeout` passes (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value or None
        time.sleep(interval)


class FastDynamoDb:
    """DynamoDB calls over one kept-alive connection with a fixed, well-formed SigV4 header
    (streamstack reads the credential scope but does not check signatures), for tests that make
    thousands of calls. call() returns (status, body) and raises OSError when the connection
    fails."""

    AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/%s/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=%s" % (REGION, "0" * 64))

    def __init__(self, port, timeout=10.0):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def call(self, operation, body):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        data = json.dumps(body).encode()
        headers = {"Content-Type": JSON_10, "X-Amz-Target": TARGET_PREFIX + operation,
                   "X-Amz-Date": "20260101T000000Z", "Authorization": self.AUTH}
        try:
            self.conn.request("POST", "/", body=data, headers=headers)
            resp = self.conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise OSError(str(e)) from e
        return resp.status, (json.loads(raw) if raw else None)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- API Gateway and CloudWatch Logs (added for their tests) ----------------------------------

AWS_CLI_V2 = "/usr/bin/aws"


class HttpAnswer:
    """One HTTP answer with its headers as sent: a list of (name, value), repeats kept."""

    def __init__(self, status, header_list, raw):
        self.status = status
        self.header_list = header_list
        self.raw = raw

    def header(self, name):
        """The value of a header (case-insensitively); None when absent."""
        for key, value in self.header_list:
            if key.lower() == name.lower():
                return value
        return None

    def headers_named(self, name):
        return [value for key, value in self.header_list if key.lower() == name.lower()]

    @property
    def json(self):
        return json.loads(self.raw)

    def __repr__(self):
        return "HttpAnswer(%d, %r, %r)" % (self.status, self.header_list, self.raw[:500])


def http_request(port, method, path, body=b"", headers=(), host=None):
    """Sends exactly these headers (a list of (name, value); repeats and casing kept), plus Host
    (`host`, else 127.0.0.1:port) and Content-Length when there is a body. Returns HttpAnswer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or "127.0.0.1:%d" % port)
        for name, value in headers:
            conn.putheader(name, value)
        data = body.encode() if isinstance(body, str) else body
        if data:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data if data else None)
        resp = conn.getresponse()
        return HttpAnswer(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


def aws_v2(server, *args, timeout=60):
    """Runs Debian's AWS CLI v2 (/usr/bin/aws: `logs tail` is v2 only) against `server`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(aws_v2_environment(server))
    cmd = [AWS_CLI_V2, "--endpoint-url", server.endpoint] + list(args)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def aws_v2_environment(server):
    """The environment aws_v2 runs the CLI in: dummy credentials, no pager, no user config."""
    return {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_PAGER": "",
        "AWS_CONFIG_FILE": os.path.join(server.workdir, "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(server.workdir, "no-aws-credentials"),
        "AWS_MAX_ATTEMPTS": "1",
    }
