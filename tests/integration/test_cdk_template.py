"""The seed tutorial as its readers write it: the CDK app of tests/cdk/seed (the tutorial's Python
CDK code in JavaScript, with its lambda/ folder of Python handlers) synthesized by the real
`cdk synth` (aws-cdk-lib and the aws-cdk CLI from npm, installed into tests/cdk/seed when missing;
no AWS account: CDK_DEFAULT_ACCOUNT/REGION set, version check, telemetry and notices off), then
deployed at start with `streamstack --template cdk.out/StreamDemoStack.template.json`.

What the template describes is checked through the services' own APIs with boto3: the table
and its replicas, the Kinesis stream as its streaming destination, the three Python functions
with their code folder and environment, the event source mapping, the two REST APIs, and the
Outputs printed as `cdk deploy` prints them. Python functions answer a Lambda error until a
language runtime can host them; the same template with its functions as the seed's C++
handlers (Runtime provided.al2023) runs the tutorial's Postman collection end to end, its roles
enforced.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness
import test_postman

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP_DIR = os.path.join(REPO, "tests", "cdk", "seed")
CDK = os.path.join(APP_DIR, "node_modules", ".bin", "cdk")
STACK = "StreamDemoStack"
GET_OUTPUT = STACK + ".handlerendpointEndpoint508FCE5F"
PUT_OUTPUT = STACK + ".puthandlerendpointEndpointCC64ABBD"


def ensure_cdk():
    """The cdk CLI of tests/cdk/seed, installed from its package.json when it is not there."""
    if not os.access(CDK, os.X_OK):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed (`make deps` installs it); it is needed for aws-cdk")
        proc = subprocess.run([npm, "install", "--prefix", APP_DIR, "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=900)
        if proc.returncode != 0 or not os.access(CDK, os.X_OK):
            raise RuntimeError("npm install --prefix %s failed (%d):\n%s\n%s"
                               % (APP_DIR, proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return CDK


def cdk_synth(out_dir):
    """`cdk synth` of the seed app into `out_dir`, offline."""
    env = dict(os.environ, CDK_DEFAULT_ACCOUNT="000000000000", CDK_DEFAULT_REGION="us-east-1",
               CDK_DISABLE_VERSION_CHECK="1", CDK_DISABLE_CLI_TELEMETRY="true")
    proc = subprocess.run([ensure_cdk(), "synth", "--output", out_dir, "--no-notices", "--quiet"],
                          cwd=APP_DIR, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError("cdk synth failed (%d):\n%s\n%s" % (proc.returncode, proc.stdout, proc.stderr))
    return os.path.join(out_dir, STACK + ".template.json")


def printed_outputs(server):
    """The Outputs block the server printed at its last start: {name: value}, and the stack ARN."""
    text = server.stdout()
    blocks = re.findall(r"^Outputs:\n((?:\S+ = \S+\n)+)Stack ARN:\n(\S+)\n", text, re.M)
    if not blocks:
        raise AssertionError("no cdk deploy style Outputs block in:\n" + text)
    lines, stack_arn = blocks[-1]
    return dict(line.split(" = ", 1) for line in lines.splitlines()), stack_arn


_synthesized = {}


def setUpModule():
    _synthesized["dir"] = tempfile.mkdtemp(prefix="streamstack-cdk-out-")
    _synthesized["template"] = cdk_synth(os.path.join(_synthesized["dir"], "cdk.out"))


def tearDownModule():
    shutil.rmtree(_synthesized["dir"], ignore_errors=True)


def local(url, server):
    """A printed URL (http://localhost:<port>/...) with the address the tests use."""
    return url.replace("http://localhost:%d" % server.port, server.endpoint)


class CdkTemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = harness.Server(":memory:", extra_args=["--template", _synthesized["template"],
                                                            "--log-level", "info"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def table_name(self):
        names = self.server.client().list_tables()["TableNames"]
        self.assertEqual(len(names), 1, names)
        return names[0]

    def functions(self):
        functions = self.server.client("lambda").list_functions()["Functions"]
        return {re.sub(r"^StreamDemoStack-(\w+?)[0-9A-F]{8}-\w{12}$", r"\1", f["FunctionName"]): f for f in functions}

    def test_outputs_are_printed_as_cdk_deploy_prints_them_with_local_urls(self):
        outputs, stack_arn = printed_outputs(self.server)
        self.assertEqual(sorted(outputs), [GET_OUTPUT, PUT_OUTPUT])
        apis = {a["name"]: a["id"] for a in self.server.client("apigateway").get_rest_apis()["items"]}
        self.assertEqual(outputs[GET_OUTPUT], "http://localhost:%d/restapis/%s/prod/_user_request_/"
                         % (self.server.port, apis["handler-endpoint"]))
        self.assertEqual(outputs[PUT_OUTPUT], "http://localhost:%d/restapis/%s/prod/_user_request_/"
                         % (self.server.port, apis["put-handler-endpoint"]))
        self.assertRegex(stack_arn, r"^arn:aws:cloudformation:us-east-1:000000000000:stack/StreamDemoStack/"
                                    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

    def test_the_table_has_its_stream_destination_and_replicas(self):
        table = self.table_name()
        self.assertRegex(table, r"^StreamDemoStack-streamdemotable96370C63-[A-Z0-9]{13}$")
        description = self.server.client().describe_table(TableName=table)["Table"]
        self.assertEqual(description["KeySchema"], [{"AttributeName": "itemKey", "KeyType": "HASH"}])
        self.assertEqual(description["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(description["StreamSpecification"],
                         {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        streams = self.server.client("kinesis").list_streams()["StreamNames"]
        self.assertEqual(len(streams), 1)
        self.assertRegex(streams[0], r"^StreamDemoStack-demostream8A5CAC0A-[A-Za-z0-9]{12}$")
        summary = self.server.client("kinesis").describe_stream_summary(StreamName=streams[0])
        self.assertEqual((summary["StreamDescriptionSummary"]["EncryptionType"],
                          summary["StreamDescriptionSummary"]["KeyId"]), ("KMS", "alias/aws/kinesis"))
        destinations = self.server.client().describe_kinesis_streaming_destination(
            TableName=table)["KinesisDataStreamDestinations"]
        self.assertEqual([(d["StreamArn"], d["DestinationStatus"]) for d in destinations],
                         [("arn:aws:kinesis:us-east-1:000000000000:stream/" + streams[0], "ACTIVE")])
        for region in ("us-east-2", "us-west-2"):
            replica = self.server.client(region=region).describe_table(TableName=table)["Table"]
            self.assertEqual(replica["KeySchema"], description["KeySchema"], region)

    def test_the_python_functions_are_registered_with_their_code_and_roles(self):
        functions = self.functions()
        self.assertEqual(sorted(functions), ["gethandler", "puthandler", "streamhandler"])
        table = self.table_name()
        for name, handler in (("gethandler", "handler.handler"), ("puthandler", "put_handler.handler"),
                              ("streamhandler", "stream_handler.handler")):
            f = functions[name]
            self.assertEqual((f["Runtime"], f["Handler"]), ("python3.12", handler))
            code = self.server.client("lambda").get_function(FunctionName=f["FunctionName"])["Code"]
            folder = code["Location"][len("file://"):]
            self.assertEqual(sorted(os.listdir(folder)), ["handler.py", "put_handler.py", "stream_handler.py"])
        self.assertEqual(functions["gethandler"]["Environment"], {"Variables": {"TABLE": table}})
        self.assertEqual(functions["puthandler"]["Environment"], {"Variables": {"TABLE": table}})
        self.assertRegex(functions["gethandler"]["Role"],
                         r"^arn:aws:iam::000000000000:role/StreamDemoStack-ddbreadlambdaroleA9814A8C-[A-Z0-9]{13}$")
        self.assertRegex(functions["puthandler"]["Role"],
                         r"^arn:aws:iam::000000000000:role/StreamDemoStack-ddbwritelambdarole974D1FCB-[A-Z0-9]{13}$")

    def test_invoking_a_python_function_answers_a_lambda_error_until_a_runtime_hosts_it(self):
        name = self.functions()["gethandler"]["FunctionName"]
        result = self.server.client("lambda").invoke(FunctionName=name, Payload=b"{}")
        self.assertEqual(result["FunctionError"], "Unhandled")
        payload = json.loads(result["Payload"].read())
        self.assertEqual(payload["errorType"], "Runtime.Unavailable")

    def test_the_stream_handler_is_mapped_to_the_tables_stream(self):
        mappings = self.server.client("lambda").list_event_source_mappings()["EventSourceMappings"]
        self.assertEqual(len(mappings), 1)
        stream_arn = self.server.client().describe_table(TableName=self.table_name())["Table"]["LatestStreamArn"]
        self.assertEqual((mappings[0]["EventSourceArn"], mappings[0]["BatchSize"], mappings[0]["StartingPosition"]),
                         (stream_arn, 1, "LATEST"))
        self.assertEqual(mappings[0]["FunctionArn"], self.functions()["streamhandler"]["FunctionArn"])

    def test_both_rest_apis_proxy_root_and_proxy_paths_at_stage_prod(self):
        client = self.server.client("apigateway")
        for api in client.get_rest_apis()["items"]:
            resources = client.get_resources(restApiId=api["id"])["items"]
            self.assertEqual(sorted((r["path"], sorted(r["resourceMethods"])) for r in resources),
                             [("/", ["ANY"]), ("/{proxy+}", ["ANY"])])
            self.assertEqual([s["stageName"] for s in client.get_stages(restApiId=api["id"])["item"]], ["prod"])

    def test_what_is_not_emulated_is_listed_once_at_start(self):
        lines = [l for l in self.server.logs().splitlines() if "not emulated:" in l]
        self.assertEqual(len(lines), 2, lines)
        self.assertIn("streamdemotableReplicauseast2C87D05ED (Custom::DynamoDBReplica) replication of writes to "
                      "us-east-2", lines[0])
        self.assertIn("streamdemotableReplicauswest234B005EC (Custom::DynamoDBReplica) replication of writes to "
                      "us-west-2", lines[1])

class CdkTemplateRestartTest(unittest.TestCase):
    def setUp(self):
        self.server = harness.Server(os.path.join(_synthesized["dir"], self.id() + ".db"),
                                     extra_args=["--template", _synthesized["template"], "--log-level", "info"]).start()

    def tearDown(self):
        self.server.close()

    def test_a_restart_on_the_same_data_deploys_nothing_twice(self):
        before, _ = printed_outputs(self.server)
        self.assertRegex(self.server.logs(), r"template StreamDemoStack: 43 created, 0 updated, 0 unchanged, 0 removed \(")
        self.server.restart()
        after, _ = printed_outputs(self.server)
        self.assertEqual({k: v.split("/restapis/")[1] for k, v in after.items()},
                         {k: v.split("/restapis/")[1] for k, v in before.items()})
        self.assertRegex(self.server.logs(), r"template StreamDemoStack: 0 created, 0 updated, 43 unchanged, 0 removed \(")
        self.assertEqual(len(self.server.client("lambda").list_event_source_mappings()["EventSourceMappings"]), 1)
        self.assertEqual(len(self.server.client("apigateway").get_rest_apis()["items"]), 2)
        self.assertEqual(len(self.server.client().list_tables()["TableNames"]), 1)

    def test_a_reset_deploys_the_template_again_at_the_same_urls(self):
        before, _ = printed_outputs(self.server)
        client = self.server.client()
        table = client.list_tables()["TableNames"][0]
        client.put_item(TableName=table, Item={"itemKey": {"S": "1"}})
        response = self.server.raw(method="POST", path="/_streamstack/reset", sign=False)
        self.assertEqual(response.status, 200)
        self.assertEqual(client.scan(TableName=table)["Items"], [])
        apis = {a["name"]: a["id"] for a in self.server.client("apigateway").get_rest_apis()["items"]}
        self.assertEqual(before[GET_OUTPUT].split("/")[4], apis["handler-endpoint"])
        self.assertEqual(before[PUT_OUTPUT].split("/")[4], apis["put-handler-endpoint"])
        self.assertEqual(len(self.server.client("lambda").list_functions()["Functions"]), 3)


class CdkTemplateStartTest(unittest.TestCase):
    """A stack file may name the template; a template that cannot deploy stops the start with
    CloudFormation's words and the place in the template."""

    def test_a_stack_file_names_the_template_relative_to_itself(self):
        stack_file = os.path.join(_synthesized["dir"], "stack.json")
        with open(stack_file, "w") as f:
            json.dump({"template": "cdk.out/StreamDemoStack.template.json",
                       "parameters": {"BootstrapVersion": "21"}}, f)
        server = harness.Server(":memory:", extra_args=["--config", stack_file]).start()
        try:
            outputs, _ = printed_outputs(server)
            self.assertEqual(sorted(outputs), [GET_OUTPUT, PUT_OUTPUT])
            self.assertEqual(len(server.client("lambda").list_functions()["Functions"]), 3)
        finally:
            server.close()

    def test_a_parameter_the_template_does_not_declare_stops_the_start(self):
        server = harness.Server(":memory:", extra_args=["--template", _synthesized["template"],
                                                        "--parameter", "Stage=prod"])
        with self.assertRaises(RuntimeError) as failed:
            server.start()
        server.close()
        self.assertIn("streamstack: %s: at /Parameters: expected parameters the template declares "
                      "(CloudFormation: Parameters: [Stage] do not exist in the template)" % _synthesized["template"],
                      str(failed.exception))


class CdkTemplateWithCppHandlersTest(unittest.TestCase):
    """The synthesized template with its functions as the seed's C++ handlers, which run
    in-process: the tutorial's Postman collection against the printed URLs, and the roles of
    the template enforced on the functions' calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.newman = test_postman.ensure_newman()
        out_dir = os.path.join(_synthesized["dir"], "cdk.out.cpp")
        shutil.copytree(os.path.dirname(_synthesized["template"]), out_dir)
        path = os.path.join(out_dir, STACK + ".template.json")
        with open(path) as f:
            template = json.load(f)
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::Lambda::Function":
                resource["Properties"]["Runtime"] = "provided.al2023"
        # A function with get_handler's read-only role that runs the put handler: its write is
        # refused.
        reader = json.loads(json.dumps(template["Resources"]["gethandlerED2B189F"]))
        reader["Properties"]["Handler"] = "put_handler.handler"
        template["Resources"]["readerAsWriter"] = reader
        with open(path, "w") as f:
            json.dump(template, f)
        cls.server = harness.Server(":memory:", extra_args=["--template", path]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def test_the_tutorials_postman_collection_passes_through_the_template(self):
        outputs, _ = printed_outputs(self.server)
        report = os.path.join(self.server.workdir, "newman-report.json")
        proc = subprocess.run(
            [self.newman, "run", test_postman.COLLECTION, "--environment", test_postman.ENVIRONMENT,
             "--env-var", "baseUrl=" + self.server.endpoint,
             "--env-var", "getEndpoint=" + local(outputs[GET_OUTPUT], self.server),
             "--env-var", "putEndpoint=" + local(outputs[PUT_OUTPUT], self.server),
             "--reporters", "cli,json", "--reporter-json-export", report,
             "--timeout-request", "10000", "--color", "off", "--disable-unicode"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, "newman failed:\n%s\n%s" % (proc.stdout, proc.stderr))
        with open(report) as f:
            run = json.load(f)["run"]
        self.assertEqual(run["failures"], [], proc.stdout)
        self.assertEqual([e["response"]["code"] for e in run["executions"]], [200, 200, 200, 200, 400, 404])
        table = self.server.client().list_tables()["TableNames"][0]
        items = self.server.client().scan(TableName=table)["Items"]
        self.assertEqual([i["name"] for i in items], [{"S": "renamed"}])

    def test_a_function_with_the_read_role_is_refused_a_write(self):
        functions = self.server.client("lambda").list_functions()["Functions"]
        name = next(f["FunctionName"] for f in functions if "-readerAsWriter-" in f["FunctionName"])
        result = self.server.client("lambda").invoke(FunctionName=name,
                                                     Payload=json.dumps({"itemKey": "x", "name": "y"}).encode())
        payload = json.loads(result["Payload"].read())
        self.assertEqual(result.get("FunctionError"), "Unhandled", payload)
        # The C++ client raises ClientError, as boto3 does, with DynamoDB's error in its message.
        self.assertEqual(payload["errorType"], "ClientError")
        self.assertRegex(payload["errorMessage"],
                         r"AccessDeniedException.*User: arn:aws:sts::000000000000:assumed-role/StreamDemoStack-ddbreadlambdaroleA9814A8C-"
                         r"[A-Z0-9]{13}/StreamDemoStack-readerAsWriter-\w{12} is not authorized to perform: "
                         r"dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/")


if __name__ == "__main__":
    unittest.main()
