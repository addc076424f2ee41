"""--auth verify: signatures are checked against the configured key pairs, as AWS checks them,
with real clients signing real requests (boto3, the AWS CLI, a presigned URL). Clocks are moved
on the client's side (botocore.auth.get_current_datetime), never waited for."""

import datetime
import json
import os
import re
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request
from unittest import mock

import boto3
import botocore.auth
import botocore.exceptions
from botocore.config import Config

import harness

ACCESS_KEY = "AKIDVERIFY"
SECRET = "verify/SECRET+key"
MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.")
TIMESTAMP = r"\d{8}T\d{6}Z"


def client(server, service, access_key=ACCESS_KEY, secret=SECRET):
    return boto3.client(service, endpoint_url=server.endpoint, region_name=harness.REGION,
                        aws_access_key_id=access_key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def call(service, c):
    operation = {"dynamodb": "list_tables", "kinesis": "list_streams", "lambda": "list_functions",
                 "logs": "describe_log_groups"}[service]
    return getattr(c, operation)()


def error_of(function):
    try:
        function()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("no error")


def skewed(minutes):
    """botocore's clock moved by `minutes` while signing."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(minutes=minutes)
    return mock.patch.object(botocore.auth, "get_current_datetime", lambda: now)


class VerifyTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server(extra_args=["--auth", "verify", "--credentials", ACCESS_KEY + ":" + SECRET]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_requests_signed_with_a_configured_pair_are_answered_by_every_service(self):
        for service in ("dynamodb", "kinesis", "lambda", "logs"):
            response = call(service, client(self.server, service))
            self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200, service)

    def test_a_wrong_secret_is_an_invalid_signature_with_what_aws_computed(self):
        expected = {"dynamodb": 400, "kinesis": 400, "logs": 400, "lambda": 403}
        for service, status in expected.items():
            code, message, http_status = error_of(lambda: call(service, client(self.server, service, secret="wrong")))
            self.assertEqual((code, http_status), ("InvalidSignatureException", status), service)
            self.assertTrue(message.startswith(MISMATCH + "\n\nThe Canonical String for this request should have "
                                               "been\n'"), message)
            self.assertRegex(message, r"\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n%s\n\d{8}/"
                                      r"us-east-1/%s/aws4_request\n[0-9a-f]{64}'\n$" % (TIMESTAMP, service))

    def test_an_unknown_access_key_is_an_unrecognized_client(self):
        for service in ("dynamodb", "kinesis"):
            code, message, status = error_of(lambda: call(service, client(self.server, service, access_key="NOBODY")))
            self.assertEqual((code, message, status),
                             ("UnrecognizedClientException", "The security token included in the request is invalid.",
                              400))

    def test_the_test_pair_is_not_accepted_when_pairs_are_configured(self):
        code, _, _ = error_of(lambda: client(self.server, "dynamodb", "test", "test").list_tables())
        self.assertEqual(code, "UnrecognizedClientException")

    def test_a_clock_twenty_minutes_behind_is_an_expired_signature(self):
        with skewed(-20):
            code, message, status = error_of(lambda: client(self.server, "kinesis").list_streams())
        self.assertEqual((code, status), ("InvalidSignatureException", 400))
        self.assertRegex(message, r"^Signature expired: (%s) is now earlier than %s \(%s - 15 min\.\)$"
                         % (TIMESTAMP, TIMESTAMP, TIMESTAMP))

    def test_a_clock_twenty_minutes_ahead_is_a_signature_not_yet_current(self):
        with skewed(20):
            code, message, _ = error_of(lambda: client(self.server, "dynamodb").list_tables())
        self.assertEqual(code, "InvalidSignatureException")
        self.assertRegex(message, r"^Signature not yet current: %s is still later than %s \(%s \+ 15 min\.\)$"
                         % (TIMESTAMP, TIMESTAMP, TIMESTAMP))

    def test_a_clock_ten_minutes_off_is_still_within_the_skew(self):
        for minutes in (-10, 10):
            with skewed(minutes):
                self.assertEqual(client(self.server, "dynamodb").list_tables()["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_the_aws_cli_with_the_right_and_a_wrong_secret(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"AWS_DEFAULT_REGION": harness.REGION, "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "1",
                    "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull})
        base = [harness.aws_executable(), "--endpoint-url", self.server.endpoint, "--output", "json",
                "kinesis", "list-streams"]
        good = subprocess.run(base, env=dict(env, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(good.returncode, 0, good.stderr)
        self.assertIn("StreamNames", json.loads(good.stdout))
        bad = subprocess.run(base, env=dict(env, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY="nope"),
                             capture_output=True, text=True, timeout=60)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("(InvalidSignatureException) when calling the ListStreams operation: " + MISMATCH, bad.stderr)

    def test_a_presigned_url_is_checked_and_expires(self):
        lam = client(self.server, "lambda")
        url = lam.generate_presigned_url("list_functions", ExpiresIn=300)
        self.assertIn("X-Amz-Signature=", url)
        with urllib.request.urlopen(url, timeout=30) as answer:
            self.assertEqual(answer.status, 200)
            self.assertIn("Functions", json.loads(answer.read()))
        tampered = re.sub(r"X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + "0" * 64, url)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(tampered, timeout=30)
        self.assertEqual((caught.exception.code, caught.exception.headers["x-amzn-ErrorType"]),
                         (403, "InvalidSignatureException"))
        with skewed(-120):
            old = lam.generate_presigned_url("list_functions", ExpiresIn=3600)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(old, timeout=30)
        body = json.loads(caught.exception.read())
        self.assertRegex(body["message"], r"^Signature expired: %s is now earlier than %s \(%s - 3600 sec\.\)$"
                         % (TIMESTAMP, TIMESTAMP, TIMESTAMP))


class DefaultPairTest(unittest.TestCase):
    """With no pairs configured, --auth verify (here from STREAMSTACK_AUTH) accepts test/test."""

    def test_test_test_is_accepted_and_other_secrets_are_not(self):
        with mock.patch.dict(os.environ, {"STREAMSTACK_AUTH": "verify"}):
            server = harness.Server().start()
        try:
            self.assertEqual(client(server, "dynamodb", "test", "test").list_tables()["TableNames"], [])
            code, _, _ = error_of(lambda: client(server, "dynamodb", "test", "other").list_tables())
            self.assertEqual(code, "InvalidSignatureException")
        finally:
            server.close()


class StackFilePairTest(unittest.TestCase):

    def test_pairs_named_in_the_stack_file_are_accepted(self):
        folder = tempfile.mkdtemp(prefix="streamstack-auth-")
        stack = harness.write_stack(folder, {"credentials": [{"accessKeyId": "AKIDSTACK", "secretAccessKey": "s3cret"}]})
        server = harness.Server(extra_args=["--auth", "verify", "--config", stack]).start()
        try:
            self.assertEqual(client(server, "kinesis", "AKIDSTACK", "s3cret").list_streams()["StreamNames"], [])
            code, _, _ = error_of(lambda: client(server, "kinesis", "test", "test").list_streams())
            self.assertEqual(code, "UnrecognizedClientException")
        finally:
            server.close()


class AnyCredentialsTest(harness.ServerTestCase):
    """The default: any credentials work."""

    def test_any_secret_and_any_clock_skew_work(self):
        with skewed(-60):
            self.assertEqual(client(self.server, "dynamodb", "anyone", "anything").list_tables()["TableNames"], [])


if __name__ == "__main__":
    unittest.main()
