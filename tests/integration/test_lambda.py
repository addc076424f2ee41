"""Lambda through real clients (AWS CLI v1, boto3) against the seed stack's functions.

The server runs config/stack.json plus one function, put_under_read_role: the seed's put
handler under get_handler's read-only role, so its PutItem must be denied as AWS denies it.
"""

import base64
import json
import os
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

import harness

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = "stream-demo-table"
TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/" + TABLE


def write_test_stack(directory):
    with open(os.path.join(REPO, "config", "stack.json")) as f:
        stack = json.load(f)
    stack["functions"].append({
        "name": "put_under_read_role",
        "handler": "put_handler.handler",
        "environment": {"TABLE": TABLE},
        "role": {"name": "ddb_read_lambda_role",
                 "statements": [{"actions": ["dynamodb:GetItem"], "resources": ["table:" + TABLE]}]},
    })
    path = os.path.join(directory, "stack.json")
    with open(path, "w") as f:
        json.dump(stack, f)
    return path


class LambdaTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stack_dir = tempfile.mkdtemp(prefix="streamstack-lambda-")
        stack = write_test_stack(cls.stack_dir)
        cls.server = harness.Server(":memory:", extra_args=["--config", stack]).start()
        cls.ddb = cls.server.client()
        cls.lam = cls.server.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def invoke_cli(self, function, payload, *extra):
        """`aws lambda invoke`; returns (the CLI's JSON answer, the payload written to the file)."""
        out = os.path.join(self.stack_dir, "out-%s.json" % harness.unique_name())
        result = self.server.aws("lambda", "invoke", "--function-name", function,
                                 "--payload", payload, *extra, out, check=True)
        with open(out) as f:
            return result.json, f.read()

    def get_item(self, key):
        result = self.server.aws("dynamodb", "get-item", "--table-name", TABLE,
                                 "--key", json.dumps({"itemKey": {"S": key}}), check=True)
        return result.json

    def test_list_functions_shows_the_seed_functions(self):
        functions = self.server.aws("lambda", "list-functions", check=True).json["Functions"]
        by_name = {f["FunctionName"]: f for f in functions}
        self.assertEqual(sorted(by_name),
                         ["get_handler", "put_handler", "put_under_read_role", "stream_handler"])
        get = by_name["get_handler"]
        self.assertEqual(get["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:get_handler")
        self.assertEqual(get["Handler"], "handler.handler")
        self.assertEqual(get["Role"], "arn:aws:iam::000000000000:role/ddb_read_lambda_role")
        self.assertEqual(by_name["put_handler"]["Role"], "arn:aws:iam::000000000000:role/ddb_write_lambda_role")
        self.assertEqual(by_name["stream_handler"]["Handler"], "stream_handler.handler")
        self.assertNotIn("State", get, "ListFunctions leaves State out, as AWS does")

    def test_get_function_answers_the_configuration(self):
        config = self.server.aws("lambda", "get-function", "--function-name", "put_handler",
                                 check=True).json["Configuration"]
        self.assertEqual(config["FunctionName"], "put_handler")
        self.assertEqual(config["Runtime"], "provided.al2023")
        self.assertEqual(config["Handler"], "put_handler.handler")
        self.assertEqual(config["Timeout"], 3)
        self.assertEqual(config["MemorySize"], 128)
        self.assertEqual(config["Version"], "$LATEST")
        self.assertEqual(config["Environment"], {"Variables": {"TABLE": TABLE}})
        self.assertEqual(config["TracingConfig"], {"Mode": "PassThrough"})
        self.assertEqual(config["State"], "Active")
        self.assertEqual(config["LastUpdateStatus"], "Successful")
        self.assertEqual(config["PackageType"], "Zip")
        self.assertEqual(config["Architectures"], ["x86_64"])
        self.assertRegex(config["LastModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")

    def test_get_function_of_an_unknown_function_is_resource_not_found(self):
        result = self.server.aws("lambda", "get-function", "--function-name", "nope")
        self.assertEqual(result.rc, harness.cli_error_exit_code(), result)
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the GetFunction operation: "
                      "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope",
                      result.stderr)

    def test_invoke_put_handler_stores_the_item_dynamodb_then_reads(self):
        answer, payload = self.invoke_cli("put_handler", json.dumps({"itemKey": "cli-1", "name": "from cli"}))
        self.assertEqual(answer, {"StatusCode": 200, "ExecutedVersion": "$LATEST"})
        self.assertEqual(json.loads(payload), {"statusCode": 200,
                                               "headers": {"Content-Type": "application/json"},
                                               "body": json.dumps({"itemKey": "cli-1", "name": "from cli"},
                                                                  separators=(",", ":"))})
        self.assertEqual(self.get_item("cli-1"),
                         {"Item": {"itemKey": {"S": "cli-1"}, "name": {"S": "from cli"}}})

    def test_invoke_get_handler_reads_the_item(self):
        self.invoke_cli("put_handler", json.dumps({"itemKey": "cli-2", "name": "two"}))
        _, payload = self.invoke_cli("get_handler", json.dumps({"queryStringParameters": {"itemKey": "cli-2"}}))
        self.assertEqual(json.loads(json.loads(payload)["body"]), {"itemKey": "cli-2", "name": "two"})
        _, missing = self.invoke_cli("get_handler", json.dumps({"itemKey": "absent"}))
        self.assertEqual(json.loads(missing)["statusCode"], 404)

    def test_put_under_a_read_only_role_is_access_denied(self):
        answer, payload = self.invoke_cli("put_under_read_role", json.dumps({"itemKey": "denied", "name": "x"}))
        self.assertEqual(answer, {"StatusCode": 200, "FunctionError": "Unhandled", "ExecutedVersion": "$LATEST"})
        self.assertEqual(json.loads(payload), {
            "errorMessage": "An error occurred (AccessDeniedException) when calling the PutItem operation: "
                            "User: arn:aws:sts::000000000000:assumed-role/ddb_read_lambda_role/put_under_read_role"
                            " is not authorized to perform: dynamodb:PutItem on resource: " + TABLE_ARN +
                            " because no identity-based policy allows the dynamodb:PutItem action",
            "errorType": "ClientError",
            "stackTrace": [],
        })
        self.assertFalse(self.get_item("denied"), "a denied PutItem must store nothing")

    def test_invoke_event_is_accepted_and_runs(self):
        answer, payload = self.invoke_cli("put_handler", json.dumps({"itemKey": "event-1", "name": "later"}),
                                          "--invocation-type", "Event")
        self.assertEqual(answer, {"StatusCode": 202})
        self.assertEqual(payload, "")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not self.get_item("event-1"):
            time.sleep(0.02)
        self.assertEqual(self.get_item("event-1"), {"Item": {"itemKey": {"S": "event-1"}, "name": {"S": "later"}}})

    def test_invoke_dry_run_runs_nothing(self):
        answer, _ = self.invoke_cli("put_handler", json.dumps({"itemKey": "dry", "name": "x"}),
                                    "--invocation-type", "DryRun")
        self.assertEqual(answer, {"StatusCode": 204})
        time.sleep(0.05)
        self.assertFalse(self.get_item("dry"))

    def test_invoke_with_tail_answers_the_log(self):
        answer, _ = self.invoke_cli("stream_handler", json.dumps({"Records": []}), "--log-type", "Tail")
        log = base64.b64decode(answer["LogResult"]).decode()
        lines = log.split("\n")
        self.assertRegex(lines[0], r"^START RequestId: [0-9a-f-]{36} Version: \$LATEST$")
        self.assertEqual(lines[1], '{"Records":[]}')
        self.assertRegex(lines[2], r"^END RequestId: [0-9a-f-]{36}$")
        self.assertRegex(lines[3], r"^REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\t"
                                   r"Billed Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t$")

    def test_boto3_invoke_and_errors(self):
        response = self.lam.invoke(FunctionName="put_handler",
                                   Payload=json.dumps({"itemKey": "boto-1", "name": "b"}))
        self.assertEqual(response["StatusCode"], 200)
        self.assertNotIn("FunctionError", response)
        self.assertEqual(json.loads(response["Payload"].read())["statusCode"], 200)
        with self.assertRaises(ClientError) as caught:
            self.lam.invoke(FunctionName="nope", Payload=b"{}")
        error = caught.exception.response
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(error["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(error["Error"]["Message"],
                         "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope")
        with self.assertRaises(ClientError) as caught:
            self.lam.invoke(FunctionName="put_handler", Payload=b"not json")
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidRequestContentException")


if __name__ == "__main__":
    unittest.main()
