"""Lambda through real clients (AWS CLI v1, boto3) against the seed stack's functions.

The server runs config/stack.json plus two functions: put_under_read_role, the seed's put
handler under get_handler's read-only role, so its PutItem must be denied as AWS denies it; and
recorder (recording_handlers' recorder.handler), a second consumer of the seed table's stream for
the mappings the tests create.
"""

import base64
import json
import os
import re
import time
import unittest

from botocore.exceptions import ClientError

import harness
from stack_support import StackTestCase

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
    # A second consumer of the table's stream, for mappings created by the tests.
    stack["functions"].append(harness.recorder_function("recorder", os.path.join(directory, "recorder.jsonl")))
    path = os.path.join(directory, "stack.json")
    with open(path, "w") as f:
        json.dump(stack, f)
    return path


class LambdaTestCase(StackTestCase):
    @classmethod
    def write_stack(cls, directory):
        return write_test_stack(directory)

    def invoke_cli(self, function, payload, *extra):
        """`aws lambda invoke`; returns (the CLI's JSON answer, the payload written to the file)."""
        out = os.path.join(self.dir, "out-%s.json" % harness.unique_name())
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
                         ["get_handler", "put_handler", "put_under_read_role", "recorder", "stream_handler"])
        get = by_name["get_handler"]
        self.assertEqual(get["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:get_handler")
        self.assertEqual(get["Handler"], "handler.handler")
        self.assertEqual(get["Role"], "arn:aws:iam::000000000000:role/ddb_read_lambda_role")
        self.assertEqual(by_name["put_handler"]["Role"], "arn:aws:iam::000000000000:role/ddb_write_lambda_role")
        self.assertEqual(by_name["stream_handler"]["Handler"], "stream_handler.handler")
        self.assertNotIn("State", get, "ListFunctions leaves State out, as AWS does")
        answer = self.lam.list_functions()
        self.assertRegex(answer["ResponseMetadata"]["RequestId"], harness.UUID_REQUEST_ID)

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

    # --- event source mappings -----------------------------------------------------------------

    def stream_arn(self):
        return self.ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]

    def test_list_event_source_mappings_shows_the_seed_mapping(self):
        arn = self.stream_arn()
        listed = self.server.aws("lambda", "list-event-source-mappings", "--function-name", "stream_handler",
                                 check=True).json["EventSourceMappings"]
        self.assertEqual(len(listed), 1)
        mapping = listed[0]
        uuid = mapping.pop("UUID")
        self.assertRegex(uuid, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertIsInstance(mapping.pop("LastModified"), float)
        self.assertIn(mapping.pop("LastProcessingResult"), ("No records processed", "OK"))
        self.assertEqual(mapping, {
            "BatchSize": 1,
            "BisectBatchOnFunctionError": False,
            "DestinationConfig": {"OnFailure": {}},
            "EventSourceArn": arn,
            "EventSourceMappingArn": "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + uuid,
            "FunctionArn": "arn:aws:lambda:us-east-1:000000000000:function:stream_handler",
            "FunctionResponseTypes": [],
            "MaximumBatchingWindowInSeconds": 0,
            "MaximumRecordAgeInSeconds": -1,
            "MaximumRetryAttempts": -1,
            "ParallelizationFactor": 1,
            "StartingPosition": "LATEST",
            "State": "Enabled",
            "StateTransitionReason": "User action",
            "TumblingWindowInSeconds": 0,
        })
        by_arn = self.server.aws("lambda", "list-event-source-mappings", "--event-source-arn", arn,
                                 check=True).json["EventSourceMappings"]
        self.assertIn(uuid, [m["UUID"] for m in by_arn])

    def test_mapping_with_a_filter_on_event_name_delivers_only_matching_records(self):
        """A second mapping on the seed stream, created with the CLI, whose FilterCriteria keeps
        REMOVE records only: the INSERT and MODIFY are dropped (and the checkpoint moves past
        them), the REMOVE is delivered."""
        arn = self.stream_arn()
        pattern = json.dumps({"eventName": ["REMOVE"]})
        created = self.server.aws(
            "lambda", "create-event-source-mapping", "--function-name", "recorder", "--event-source-arn", arn,
            "--starting-position", "LATEST", "--batch-size", "10",
            "--filter-criteria", json.dumps({"Filters": [{"Pattern": pattern}]}), check=True).json
        try:
            self.assertEqual(created["State"], "Creating")
            self.assertEqual(created["FilterCriteria"], {"Filters": [{"Pattern": pattern}]})
            for name in ("one", "two"):
                self.ddb.put_item(TableName=TABLE, Item={"itemKey": {"S": "filtered"}, "name": {"S": name}})
            self.ddb.delete_item(TableName=TABLE, Key={"itemKey": {"S": "filtered"}})
            record_file = os.path.join(self.dir, "recorder.jsonl")
            deliveries = harness.wait_for(lambda: harness.read_deliveries(record_file))
            time.sleep(0.1)
            deliveries = harness.read_deliveries(record_file)
            records = [r for d in deliveries for r in d["records"]]
            self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]) for r in records],
                             [("REMOVE", {"itemKey": {"S": "filtered"}})])
            self.assertEqual(records[0]["dynamodb"]["OldImage"], {"itemKey": {"S": "filtered"}, "name": {"S": "two"}})
        finally:
            self.server.aws("lambda", "delete-event-source-mapping", "--uuid", created["UUID"], check=True)

    def test_mapping_states_follow_create_update_and_delete(self):
        """Creating, then Enabled; an update to Enabled false answers Disabling, then Disabled;
        another update answers Enabling; a delete answers Deleting and the mapping is gone."""
        arn = self.stream_arn()
        created = self.lam.create_event_source_mapping(FunctionName="get_handler", EventSourceArn=arn,
                                                       StartingPosition="TRIM_HORIZON", Enabled=False)
        uuid = created["UUID"]
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(created["State"], "Creating")
        self.assertEqual(self.lam.get_event_source_mapping(UUID=uuid)["State"], "Disabled")
        enabling = self.lam.update_event_source_mapping(UUID=uuid, Enabled=True, BatchSize=5)
        self.assertEqual((enabling["ResponseMetadata"]["HTTPStatusCode"], enabling["State"]), (202, "Enabling"))
        self.assertEqual(self.lam.get_event_source_mapping(UUID=uuid)["State"], "Enabled")
        updating = self.lam.update_event_source_mapping(UUID=uuid, MaximumRetryAttempts=3)
        self.assertEqual((updating["State"], updating["BatchSize"], updating["MaximumRetryAttempts"]),
                         ("Updating", 5, 3))
        disabling = self.server.aws("lambda", "update-event-source-mapping", "--uuid", uuid, "--no-enabled",
                                    check=True).json
        self.assertEqual(disabling["State"], "Disabling")
        self.assertEqual(self.lam.get_event_source_mapping(UUID=uuid)["State"], "Disabled")
        deleting = self.lam.delete_event_source_mapping(UUID=uuid)
        self.assertEqual((deleting["ResponseMetadata"]["HTTPStatusCode"], deleting["State"]), (202, "Deleting"))
        with self.assertRaises(ClientError) as gone:
            self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual(gone.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(gone.exception.response["Error"],
                         {"Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."})

    def test_mapping_errors_are_lambdas(self):
        arn = self.stream_arn()
        with self.assertRaises(ClientError) as conflict:
            self.lam.create_event_source_mapping(FunctionName="stream_handler", EventSourceArn=arn,
                                                 StartingPosition="LATEST")
        error = conflict.exception.response
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertEqual(error["Error"]["Code"], "ResourceConflictException")
        self.assertRegex(error["Error"]["Message"],
                         r'^The event source arn \(" %s "\) and function \(" stream_handler "\) provided mapping '
                         r"already exists\. Please update or delete the existing mapping with UUID [0-9a-f-]{36}$"
                         % re.escape(arn))
        with self.assertRaises(ClientError) as timestamp:
            self.lam.create_event_source_mapping(FunctionName="recorder", EventSourceArn=arn,
                                                 StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=1)
        self.assertEqual(timestamp.exception.response["Error"],
                         {"Code": "InvalidParameterValueException",
                          "Message": "Unsupported starting position for arn type: " + arn})
        with self.assertRaises(ClientError) as pattern:
            self.lam.create_event_source_mapping(FunctionName="recorder", EventSourceArn=arn,
                                                 StartingPosition="LATEST",
                                                 FilterCriteria={"Filters": [{"Pattern": "single-string"}]})
        self.assertEqual(pattern.exception.response["Error"],
                         {"Code": "InvalidParameterValueException", "Message": "Invalid filter pattern definition."})
        missing = arn[:-1] + ("0" if arn[-1] != "0" else "1")
        with self.assertRaises(ClientError) as stream:
            self.lam.create_event_source_mapping(FunctionName="recorder", EventSourceArn=missing,
                                                 StartingPosition="LATEST")
        self.assertEqual(stream.exception.response["Error"]["Message"], "Stream not found: " + missing)


if __name__ == "__main__":
    unittest.main()
