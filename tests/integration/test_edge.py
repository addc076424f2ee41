"""One port, each service's front door: requests that name no operation are answered by the
service their signature is scoped to (or their CBOR content type names), in its own words; the
query-string (presigned) form of a signature and its errors; the header fields AWS puts on every
answer. Raw HTTP, so every status, header and byte is the server's (the expected texts are
kinesalite's and dynalite's test/connection.js, run against Kinesis and DynamoDB)."""

import base64
import socket
import unittest
from email.utils import parsedate_to_datetime

import boto3
import botocore.exceptions
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

import harness
import kinesis_cbor

JSON_10 = "application/x-amz-json-1.0"
JSON_11 = "application/x-amz-json-1.1"
CBOR_11 = "application/x-amz-cbor-1.1"
CORAL = "com.amazon.coral.service#"
ACCESS_DENIED_XML = (b"<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be "
                     b"authorized</Message>\n</AccessDeniedException>\n")
MISSING_TOKEN_XML = (b"<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n"
                     b"</MissingAuthenticationTokenException>\n")
MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.")


class EdgeTestCase(harness.ServerTestCase):

    def send(self, method="POST", path="/", body=b"", headers=(), service=None, host=None):
        """Sends exactly `headers` (plus Host and Content-Length); with `service`, signed by
        botocore for that service as test/test in us-east-1."""
        headers = list(headers)
        if service is not None:
            host_value = host or "127.0.0.1:%d" % self.server.port
            request = AWSRequest(method=method, url="http://%s%s" % (host_value, path), data=body,
                                 headers=dict(headers + [("Host", host_value)]))
            SigV4Auth(Credentials("test", "test"), service, harness.REGION).add_auth(request)
            headers = [(k, v) for k, v in request.headers.items() if k.lower() != "host"]
        return harness.http_request(self.server.port, method, path, body, headers, host=host)

    def assertXml(self, answer, status, body):
        self.assertEqual((answer.status, answer.raw), (status, body), answer)
        self.assertIsNone(answer.header("Content-Type"), answer)

    def assertJsonError(self, answer, status, content_type, expected):
        self.assertEqual((answer.status, answer.header("Content-Type")), (status, content_type), answer)
        self.assertEqual(answer.json, expected)

    def assertCborError(self, answer, status, expected):
        self.assertEqual((answer.status, answer.header("Content-Type")), (status, CBOR_11), answer)
        self.assertEqual(kinesis_cbor.decode(answer.raw), expected)


class KinesisFrontDoorTest(EdgeTestCase):
    """What Kinesis answers before any operation runs."""

    def test_a_post_signed_for_kinesis_without_a_target_is_kinesis_unknown_operation(self):
        answer = self.send(body=b"{}", headers=[("Content-Type", JSON_11)], service="kinesis")
        self.assertJsonError(answer, 400, JSON_11, {"__type": "UnknownOperationException"})
        self.assertRegex(answer.header("x-amzn-RequestId"), harness.UUID_REQUEST_ID)

    def test_an_unknown_target_signed_for_kinesis_in_cbor_is_answered_in_cbor(self):
        body = kinesis_cbor.encode({})
        for target in ("Kinesis_20131202.NoSuchOperation", "Nobody_20200101.ListStreams"):
            answer = self.send(body=body, headers=[("Content-Type", CBOR_11), ("X-Amz-Target", target)],
                               service="kinesis")
            self.assertCborError(answer, 400, {"__type": "UnknownOperationException"})

    def test_a_cbor_request_without_a_target_or_signature_is_kinesis_s(self):
        answer = self.send(body=kinesis_cbor.encode({}), headers=[("Content-Type", CBOR_11)])
        self.assertCborError(answer, 400, {"__type": "UnknownOperationException"})

    def test_no_body_is_a_serialization_error_before_the_signature_is_read(self):
        answer = self.send(headers=[("Content-Type", JSON_11), ("X-Amz-Target", "Kinesis_20131202.ListStreams")])
        self.assertJsonError(answer, 400, JSON_11, {"__type": "SerializationException"})

    def test_no_body_and_no_content_type_is_answered_in_cbor(self):
        answer = self.send(service="kinesis")
        self.assertCborError(answer, 400, {"__type": "UnknownOperationException"})
        answer = self.send(headers=[("X-Amz-Target", "Kinesis_20131202.ListStreams")], service="kinesis")
        self.assertCborError(answer, 400, {"__type": "SerializationException"})

    def test_no_signature_is_a_missing_authentication_token_in_the_clients_protocol(self):
        answer = self.send(body=b"{}", headers=[("Content-Type", JSON_11),
                                                 ("X-Amz-Target", "Kinesis_20131202.ListStreams")])
        self.assertJsonError(answer, 400, JSON_11, {"__type": "MissingAuthenticationTokenException",
                                                     "message": "Missing Authentication Token"})
        answer = self.send(body=kinesis_cbor.encode({}), headers=[("Content-Type", CBOR_11),
                                                                   ("X-Amz-Target", "Kinesis_20131202.ListStreams")])
        self.assertCborError(answer, 400, {"__type": "MissingAuthenticationTokenException",
                                           "message": "Missing Authentication Token"})

    def test_a_malformed_authorization_is_an_incomplete_signature(self):
        answer = self.send(body=b"{}", headers=[("Content-Type", JSON_11), ("Authorization", "X"),
                                                 ("X-Amz-Target", "Kinesis_20131202.ListStreams")])
        self.assertJsonError(answer, 400, JSON_11, {
            "__type": "IncompleteSignatureException",
            "message": "Authorization header requires 'Credential' parameter. Authorization header requires "
                       "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                       "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                       "Authorization=X"})

    def test_a_signed_get_of_root_is_access_denied(self):
        answer = self.send("GET", service="kinesis")
        self.assertXml(answer, 403, ACCESS_DENIED_XML)
        self.assertRegex(answer.header("x-amzn-RequestId"), harness.UUID_REQUEST_ID)

    def test_other_methods_without_a_signature_are_a_missing_token(self):
        for method in ("GET", "PUT", "DELETE"):
            answer = self.send(method, headers=[("Content-Type", CBOR_11)])
            self.assertXml(answer, 403, MISSING_TOKEN_XML)

    def test_a_body_of_another_type_is_access_denied_without_a_target_and_unknown_with_one(self):
        answer = self.send(body=b"{}", headers=[("Content-Type", JSON_10)], service="kinesis")
        self.assertXml(answer, 403, ACCESS_DENIED_XML)
        answer = self.send(body=b"{}", headers=[("X-Amz-Target", "Kinesis_20131202.ListStreams")], service="kinesis")
        self.assertXml(answer, 404, b"<UnknownOperationException/>\n")

    def test_application_json_gets_corals_legacy_answer(self):
        headers = [("Content-Type", "application/json"), ("X-Amz-Target", "Kinesis_20131202.ListStreams")]
        answer = self.send(body=b"{}", headers=headers, service="kinesis")
        self.assertJsonError(answer, 200, "application/json", {
            "Output": {"__type": CORAL + "UnknownOperationException", "message": None}, "Version": "1.0"})
        answer = self.send(body=b"hello", headers=headers, service="kinesis")
        self.assertJsonError(answer, 200, "application/json", {
            "Output": {"__type": CORAL + "SerializationException", "Message": None}, "Version": "1.0"})


class DynamoDbFrontDoorTest(EdgeTestCase):

    def test_a_json_body_without_a_target_is_an_unknown_operation_in_json(self):
        answer = self.send(body=b"{}", headers=[("Content-Type", JSON_10)], service="dynamodb")
        self.assertJsonError(answer, 400, JSON_10, {"__type": CORAL + "UnknownOperationException"})
        self.assertEqual(answer.header("x-amz-crc32"), str(__import__("zlib").crc32(answer.raw)))
        self.assertRegex(answer.header("x-amzn-RequestId"), harness.DYNAMODB_REQUEST_ID)

    def test_a_body_that_does_not_parse_without_a_target_is_a_serialization_error(self):
        answer = self.send(body=b"{nope", headers=[("Content-Type", JSON_10)])
        self.assertJsonError(answer, 400, JSON_10, {"__type": CORAL + "SerializationException"})

    def test_get_of_root_names_the_host_it_was_asked_by(self):
        answer = self.send("GET")
        self.assertEqual((answer.status, answer.raw), (200, b"healthy: 127.0.0.1:%d " % self.server.port))


class QueryStringSignatureTest(EdgeTestCase):
    """The presigned form: X-Amz-Algorithm, X-Amz-Credential, ... in the query string."""

    LIST_STREAMS = [("Content-Type", JSON_11), ("X-Amz-Target", "Kinesis_20131202.ListStreams")]

    def test_both_forms_at_once_is_an_invalid_signature_in_each_services_words(self):
        answer = self.send(path="/?X-Amz-Algorithm", body=b"{}", headers=self.LIST_STREAMS + [("Authorization", "X")])
        self.assertJsonError(answer, 400, JSON_11, {
            "__type": "InvalidSignatureException",
            "message": "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."})
        answer = self.send(path="/?X-Amz-Algorithm=AWS4-HMAC-SHA256", body=b"{}",
                           headers=[("Content-Type", JSON_10), ("X-Amz-Target", "DynamoDB_20120810.ListTables"),
                                    ("Authorization", "AWS4-HMAC-SHA256")])
        self.assertJsonError(answer, 400, JSON_10, {
            "__type": CORAL + "InvalidSignatureException",
            "message": "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."})

    def test_each_missing_query_parameter_is_named(self):
        answer = self.send(path="/?X-Amz-Algorithm", body=b"{}", headers=self.LIST_STREAMS)
        self.assertJsonError(answer, 400, JSON_11, {
            "__type": "IncompleteSignatureException",
            "message": "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters "
                       "must include 'X-Amz-Credential'. AWS query-string parameters must include "
                       "'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS "
                       "query-string parameters must include 'X-Amz-Date'. Re-examine the query-string "
                       "parameters."})

    def test_the_query_form_without_x_amz_algorithm_is_no_signature_at_all(self):
        answer = self.send(path="/?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d",
                           body=b"{}", headers=self.LIST_STREAMS)
        self.assertJsonError(answer, 400, JSON_11, {"__type": "MissingAuthenticationTokenException",
                                                     "message": "Missing Authentication Token"})

    def test_a_complete_query_signature_is_read_for_its_region(self):
        query = ("/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Feu-west-3%2Fkinesis%2F"
                 "aws4_request&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00")
        # The path is "/", so an unchecked signature passes; the region is the scope's.
        answer = self.send(path=query, body=b'{"StreamName": "edge-presigned", "ShardCount": 1}',
                           headers=[("Content-Type", JSON_11), ("X-Amz-Target", "Kinesis_20131202.CreateStream")])
        self.assertEqual(answer.status, 200, answer)
        kinesis = self.server.client("kinesis", region="eu-west-3")
        self.assertIn("edge-presigned", kinesis.list_streams()["StreamNames"])


class PathTest(EdgeTestCase):
    """JSON services serve "/": a signature is for the path it was made for, and AWS computes
    it for "/"."""

    def test_a_signed_request_to_another_path_is_an_invalid_signature_with_what_aws_computed(self):
        answer = self.send(path="/other", body=b"{}", service="dynamodb",
                           headers=[("Content-Type", JSON_10), ("X-Amz-Target", "DynamoDB_20120810.ListTables")])
        self.assertEqual((answer.status, answer.json["__type"]), (400, CORAL + "InvalidSignatureException"), answer)
        message = answer.json["message"]
        self.assertTrue(message.startswith(MISMATCH + "\n\nThe Canonical String for this request should have "
                                           "been\n'POST\n/\n\ncontent-type:" + JSON_10 + "\n"), message)
        self.assertIn("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n", message)

    def test_boto3_with_a_path_in_its_endpoint_gets_invalid_signature_from_each_service(self):
        for service in ("dynamodb", "kinesis"):
            client = boto3.client(service, endpoint_url=self.server.endpoint + "/prefix", region_name=harness.REGION,
                                  aws_access_key_id="test", aws_secret_access_key="test",
                                  config=Config(retries={"max_attempts": 1}))
            call = client.list_tables if service == "dynamodb" else client.list_streams
            with self.assertRaises(botocore.exceptions.ClientError) as caught:
                call()
            error = caught.exception.response["Error"]
            self.assertEqual(error["Code"], "InvalidSignatureException")
            self.assertTrue(error["Message"].startswith(MISMATCH), error)


class HeadersTest(EdgeTestCase):

    def test_every_answer_has_date_and_server(self):
        answers = [
            self.send("GET"),
            self.send(body=b"{}", headers=[("Content-Type", JSON_10), ("X-Amz-Target", "DynamoDB_20120810.ListTables")],
                      service="dynamodb"),
            self.send(body=b"{}", headers=[("Content-Type", JSON_11), ("X-Amz-Target", "Kinesis_20131202.ListStreams")],
                      service="kinesis"),
            self.send("GET", "/2015-03-31/functions/", service="lambda"),
            self.send("GET", "/_streamstack/health"),
            self.send("PUT"),
        ]
        for answer in answers:
            self.assertEqual(answer.header("Server"), "Server", answer)
            date = parsedate_to_datetime(answer.header("Date"))
            self.assertEqual(date.tzname(), "UTC", answer)

    def test_kinesis_answers_carry_an_extended_request_id(self):
        ok = self.send(body=b"{}", headers=[("Content-Type", JSON_11), ("X-Amz-Target", "Kinesis_20131202.ListStreams")],
                       service="kinesis")
        refused = self.send("GET", service="kinesis")
        for answer in (ok, refused):
            self.assertEqual(len(base64.b64decode(answer.header("x-amz-id-2"))), 72, answer)
        dynamodb = self.send(body=b"{}", headers=[("Content-Type", JSON_10),
                                                   ("X-Amz-Target", "DynamoDB_20120810.ListTables")], service="dynamodb")
        self.assertIsNone(dynamodb.header("x-amz-id-2"))

    def test_a_cors_answer_exposes_awss_headers(self):
        answer = self.send(body=b"{}", service="kinesis",
                           headers=[("Content-Type", JSON_11), ("X-Amz-Target", "Kinesis_20131202.ListStreams"),
                                    ("Origin", "http://example.com")])
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(answer.header("Access-Control-Allow-Origin"), "*")
        self.assertEqual(answer.header("Access-Control-Expose-Headers"),
                         "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date")

    def test_a_preflight_has_the_request_id_of_the_service_it_is_for_and_no_extended_id(self):
        preflight = [("Origin", "http://example.com"), ("Access-Control-Request-Method", "POST")]
        kinesis = self.send("OPTIONS", headers=preflight, host="kinesis.us-east-1.amazonaws.com")
        self.assertEqual((kinesis.status, kinesis.raw, kinesis.header("Access-Control-Max-Age")), (200, b"", "172800"))
        self.assertRegex(kinesis.header("x-amzn-RequestId"), harness.UUID_REQUEST_ID)
        self.assertIsNone(kinesis.header("x-amz-id-2"))
        self.assertIsNone(kinesis.header("Access-Control-Expose-Headers"))
        dynamodb = self.send("OPTIONS", headers=preflight)
        self.assertRegex(dynamodb.header("x-amzn-RequestId"), harness.DYNAMODB_REQUEST_ID)
        lambda_ = self.send("OPTIONS", "/2015-03-31/functions/", headers=preflight)
        self.assertRegex(lambda_.header("x-amzn-RequestId"), harness.UUID_REQUEST_ID)

    def test_request_headers_over_16_kb_are_a_bad_request(self):
        def answer_to(header_bytes):
            with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as sock:
                head = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n" % ("a" * header_bytes)
                sock.sendall(head.encode())
                data = b""
                while b"\r\n\r\n" not in data:
                    more = sock.recv(65536)
                    if not more:
                        break
                    data += more
                return int(data.split(b" ", 2)[1]), data
        status, data = answer_to(17 * 1024)
        self.assertEqual(status, 400, data[:200])
        self.assertIn(b"\r\nServer: Server\r\n", data)
        status, data = answer_to(15 * 1024)
        self.assertEqual(status, 200, data[:200])

if __name__ == "__main__":
    unittest.main()
