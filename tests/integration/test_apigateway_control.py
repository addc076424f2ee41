"""API Gateway's control plane through boto3 and the AWS CLI: the calls that build a REST API by
hand, the shapes AWS answers (lists under `item`, shown as `items`; epoch-second dates) and its
errors (the code in x-amzn-ErrorType, the text in {"message": ...}). Messages are the ones
LocalStack recorded against AWS (tests/aws/services/apigateway/test_apigateway_api.snapshot.json)
where it did. The stack file's restApis are checked against what CDK's LambdaRestApi deploys.
"""

import json
import os
import re
import tempfile
import unittest

from botocore.exceptions import ClientError

import harness

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def integration_uri(function):
    return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/%s%s/invocations" % (FUNCTION_ARN, function)


def write_test_stack(directory):
    with open(os.path.join(REPO, "config", "stack.json")) as f:
        stack = json.load(f)
    stack["functions"].append({"name": "echo", "handler": "echo.handler",
                               "code": harness.handler_library("apigateway_test_handlers")})
    return harness.write_stack(directory, stack)


class ControlPlaneTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stack_dir = tempfile.mkdtemp(prefix="streamstack-apigw-control-")
        cls.server = harness.Server(":memory:", extra_args=["--config", write_test_stack(cls.stack_dir)]).start()
        cls.apigw = cls.server.client("apigateway")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def assertApiError(self, call, status, code, message):
        """The call fails as AWS fails it: `code` in x-amzn-ErrorType, `message` in the body."""
        with self.assertRaises(ClientError) as caught:
            call()
        response = caught.exception.response
        self.assertEqual((response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"],
                          response["Error"]["Message"]), (status, code, message))
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"], code)

    def new_api(self, **kwargs):
        api = self.apigw.create_rest_api(name=kwargs.pop("name", harness.unique_name("api")), **kwargs)
        return api["id"], api["rootResourceId"]

    def echo_method(self, api_id, resource_id, method="GET"):
        self.apigw.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=method, authorizationType="NONE")
        self.apigw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=method, type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=integration_uri("echo"))

    def invoke(self, api_id, stage, path):
        return harness.http_request(self.server.port, "GET", "/restapis/%s/%s/_user_request_%s" % (api_id, stage, path))


class RestApiTest(ControlPlaneTestCase):
    def test_create_rest_api_answers_the_new_api(self):
        """201 with AWS's defaults: HEADER api keys, an EDGE endpoint, the execute-api endpoint on."""
        raw = self.server.raw(method="POST", path="/restapis", body={"name": "shapes", "description": "d"},
                              content_type="application/json")
        self.assertEqual(raw.status, 201)
        self.assertRegex(raw.headers["x-amzn-requestid"], harness.UUID_REQUEST_ID)
        body = raw.body
        self.assertRegex(body.pop("id"), r"^[a-z0-9]{10}$")
        self.assertRegex(body.pop("rootResourceId"), r"^[a-z0-9]{10}$")
        self.assertIsInstance(body.pop("createdDate"), int)
        self.assertEqual(body, {"name": "shapes", "description": "d", "apiKeySource": "HEADER",
                                "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
                                "disableExecuteApiEndpoint": False})

    def test_get_rest_apis_lists_under_item_and_delete_removes(self):
        api_id, _ = self.new_api(name="listed")
        raw = self.server.raw(method="GET", path="/restapis", content_type=None)
        self.assertEqual(raw.status, 200)
        self.assertEqual(list(raw.body), ["item"])
        self.assertIn(api_id, [a["id"] for a in raw.body["item"]])
        self.assertEqual(self.apigw.get_rest_api(restApiId=api_id)["name"], "listed")
        deleted = self.apigw.delete_rest_api(restApiId=api_id)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertNotIn(api_id, [a["id"] for a in self.apigw.get_rest_apis(limit=500)["items"]])
        self.assertApiError(lambda: self.apigw.get_rest_api(restApiId=api_id), 404, "NotFoundException",
                            "Invalid API identifier specified 000000000000:" + api_id)

    def test_create_rest_api_validates_its_input(self):
        self.assertApiError(lambda: self.apigw.create_rest_api(name="x", description=""), 400,
                            "BadRequestException", "Description cannot be an empty string")
        raw = self.server.raw(method="POST", path="/restapis", raw_body="{not json", content_type="application/json")
        self.assertEqual((raw.status, raw.headers["x-amzn-errortype"], raw.body),
                         (400, "BadRequestException", {"message": "Invalid request input"}))

    def test_stack_rest_api_is_what_cdk_lambda_rest_api_deploys(self):
        """`/` and `/{proxy+}`, each with ANY integrated AWS_PROXY (POST) with the function,
        deployed by one deployment to stage prod; the name is the construct id."""
        api = self.apigw.get_rest_api(restApiId="gethandler")
        self.assertEqual(api["name"], "handler-endpoint")
        resources = sorted(self.apigw.get_resources(restApiId="gethandler", embed=["methods"])["items"],
                           key=lambda r: r["path"])
        root, proxy = resources
        self.assertEqual(root["id"], api["rootResourceId"])
        self.assertEqual((root["path"], proxy["path"], proxy["pathPart"], proxy["parentId"]),
                         ("/", "/{proxy+}", "{proxy+}", root["id"]))
        for resource in resources:
            self.assertEqual(list(resource["resourceMethods"]), ["ANY"])
            method = resource["resourceMethods"]["ANY"]
            self.assertEqual(method, {
                "httpMethod": "ANY", "authorizationType": "NONE", "apiKeyRequired": False,
                "methodIntegration": {"type": "AWS_PROXY", "httpMethod": "POST", "uri": integration_uri("get_handler"),
                                      "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000,
                                      "cacheNamespace": resource["id"], "cacheKeyParameters": []}})
        deployments = self.apigw.get_deployments(restApiId="gethandler")["items"]
        self.assertEqual([d["description"] for d in deployments], ["Automatically created by the RestApi construct"])
        stages = self.apigw.get_stages(restApiId="gethandler")["item"]
        self.assertEqual([(s["stageName"], s["deploymentId"]) for s in stages], [("prod", deployments[0]["id"])])


class ResourceTest(ControlPlaneTestCase):
    def test_resources_nest_and_list_with_their_methods(self):
        api_id, root = self.new_api()
        items = self.apigw.create_resource(restApiId=api_id, parentId=root, pathPart="items")
        del items["ResponseMetadata"]
        self.assertRegex(items.pop("id"), r"^[a-z0-9]{6}$")
        self.assertEqual(items, {"parentId": root, "pathPart": "items", "path": "/items"})
        items_id = self.apigw.get_resources(restApiId=api_id)["items"][1]["id"]
        item = self.apigw.create_resource(restApiId=api_id, parentId=items_id, pathPart="{itemId}")
        self.assertEqual(item["path"], "/items/{itemId}")
        self.echo_method(api_id, item["id"])
        plain = {r["path"]: r for r in self.apigw.get_resources(restApiId=api_id)["items"]}
        self.assertEqual(plain["/"], {"id": root, "path": "/"})
        self.assertEqual(plain["/items/{itemId}"]["resourceMethods"], {"GET": {}})
        embedded = {r["path"]: r for r in self.apigw.get_resources(restApiId=api_id, embed=["methods"])["items"]}
        self.assertEqual(embedded["/items/{itemId}"]["resourceMethods"]["GET"]["methodIntegration"]["uri"],
                         integration_uri("echo"))
        one = self.apigw.get_resource(restApiId=api_id, resourceId=item["id"])
        self.assertEqual((one["path"], one["resourceMethods"]), ("/items/{itemId}", {"GET": {}}))

    def test_create_resource_errors(self):
        api_id, root = self.new_api()
        greedy = self.apigw.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
        self.apigw.create_resource(restApiId=api_id, parentId=root, pathPart="items")
        create = self.apigw.create_resource
        self.assertApiError(lambda: create(restApiId=api_id, parentId=root, pathPart="items"), 409,
                            "ConflictException", "Another resource with the same parent already has this name: items")
        self.assertApiError(lambda: create(restApiId=api_id, parentId=root, pathPart="{id}"), 400,
                            "BadRequestException",
                            "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed")
        self.assertApiError(lambda: create(restApiId=api_id, parentId=greedy, pathPart="x"), 400,
                            "BadRequestException", "Cannot create a child of a resource with a greedy path variable: {proxy+}")
        self.assertApiError(lambda: create(restApiId=api_id, parentId="nosuch", pathPart="x"), 404,
                            "NotFoundException", "Invalid Resource identifier specified")
        self.assertApiError(lambda: create(restApiId="nosuchapi0", parentId=root, pathPart="x"), 404,
                            "NotFoundException", "Invalid API identifier specified 000000000000:nosuchapi0")

    def test_delete_resource_takes_its_children(self):
        api_id, root = self.new_api()
        parent = self.apigw.create_resource(restApiId=api_id, parentId=root, pathPart="a")["id"]
        self.apigw.create_resource(restApiId=api_id, parentId=parent, pathPart="b")
        deleted = self.apigw.delete_resource(restApiId=api_id, resourceId=parent)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual([r["path"] for r in self.apigw.get_resources(restApiId=api_id)["items"]], ["/"])
        self.assertApiError(lambda: self.apigw.get_resource(restApiId=api_id, resourceId=parent), 404,
                            "NotFoundException", "Invalid Resource identifier specified")


class MethodIntegrationTest(ControlPlaneTestCase):
    def test_put_method_and_integration_answer_aws_shapes(self):
        api_id, root = self.new_api()
        method = self.apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
        self.assertEqual(method["ResponseMetadata"]["HTTPStatusCode"], 201)
        del method["ResponseMetadata"]
        self.assertEqual(method, {"httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False})
        integration = self.apigw.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                                                 integrationHttpMethod="POST", uri=integration_uri("echo"))
        self.assertEqual(integration["ResponseMetadata"]["HTTPStatusCode"], 201)
        del integration["ResponseMetadata"]
        self.assertEqual(integration, {"type": "AWS_PROXY", "httpMethod": "POST", "uri": integration_uri("echo"),
                                       "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000,
                                       "cacheNamespace": root, "cacheKeyParameters": []})
        got = self.apigw.get_integration(restApiId=api_id, resourceId=root, httpMethod="GET")
        del got["ResponseMetadata"]
        self.assertEqual(got, integration)
        got = self.apigw.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")
        self.assertEqual(got["methodIntegration"], integration)

    def test_method_and_integration_errors(self):
        api_id, root = self.new_api()
        c = self.apigw
        self.assertApiError(lambda: c.put_method(restApiId=api_id, resourceId=root, httpMethod="FETCH",
                                                 authorizationType="NONE"), 400, "BadRequestException",
                            "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")
        self.assertApiError(lambda: c.get_method(restApiId=api_id, resourceId=root, httpMethod="GET"), 404,
                            "NotFoundException", "Invalid Method identifier specified")
        c.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
        self.assertApiError(lambda: c.put_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                                 authorizationType="NONE"), 409, "ConflictException",
                            "Method already exists for this resource")
        self.assertApiError(lambda: c.get_integration(restApiId=api_id, resourceId=root, httpMethod="GET"), 404,
                            "NotFoundException", "Invalid Integration identifier specified")
        put = c.put_integration
        self.assertApiError(lambda: put(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTPS_PROXY"),
                            400, "ValidationException",
                            "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to "
                            "satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]")
        self.assertApiError(lambda: put(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                                        integrationHttpMethod="POST", uri="not-an-arn"), 400, "BadRequestException",
                            "Invalid ARN specified in the request")
        self.assertApiError(lambda: put(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                                        integrationHttpMethod="POST", uri="arn:aws:apigateway:us-east-1:lambda"), 400,
                            "BadRequestException", "AWS ARN for integration must contain path or action")
        c.delete_method(restApiId=api_id, resourceId=root, httpMethod="GET")
        self.assertApiError(lambda: c.get_method(restApiId=api_id, resourceId=root, httpMethod="GET"), 404,
                            "NotFoundException", "Invalid Method identifier specified")

    def test_method_and_integration_responses(self):
        api_id, root = self.new_api()
        c = self.apigw
        c.put_method(restApiId=api_id, resourceId=root, httpMethod="OPTIONS", authorizationType="NONE")
        c.put_integration(restApiId=api_id, resourceId=root, httpMethod="OPTIONS", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        self.assertApiError(lambda: c.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="OPTIONS",
                                                               statusCode="200"), 404, "NotFoundException",
                            "Invalid Response status code specified")
        response = c.put_method_response(restApiId=api_id, resourceId=root, httpMethod="OPTIONS", statusCode="200",
                                         responseParameters={"method.response.header.X-Test": False})
        del response["ResponseMetadata"]
        self.assertEqual(response, {"statusCode": "200", "responseParameters": {"method.response.header.X-Test": False}})
        response = c.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="OPTIONS", statusCode="200",
                                              responseParameters={"method.response.header.X-Test": "'yes'"})
        del response["ResponseMetadata"]
        self.assertEqual(response, {"statusCode": "200", "responseParameters": {"method.response.header.X-Test": "'yes'"}})
        c.create_deployment(restApiId=api_id, stageName="dev")
        answer = harness.http_request(self.server.port, "OPTIONS", "/restapis/%s/dev/_user_request_/" % api_id)
        self.assertEqual((answer.status, answer.header("X-Test"), answer.raw), (200, "yes", b""))


class DeploymentStageTest(ControlPlaneTestCase):
    def test_deployment_freezes_the_resources_it_deployed(self):
        """A stage serves its deployment's snapshot until it is pointed at a newer one."""
        api_id, root = self.new_api()
        self.echo_method(api_id, root)
        first = self.apigw.create_deployment(restApiId=api_id, stageName="dev")
        self.assertEqual(first["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertRegex(first["id"], r"^[a-z0-9]{6}$")
        new = self.apigw.create_resource(restApiId=api_id, parentId=root, pathPart="new")["id"]
        self.echo_method(api_id, new)
        self.assertEqual(self.invoke(api_id, "dev", "/new").status, 403)
        second = self.apigw.create_deployment(restApiId=api_id, stageName="dev")
        self.assertEqual(self.invoke(api_id, "dev", "/new").json["resource"], "/new")
        self.assertEqual([d["id"] for d in self.apigw.get_deployments(restApiId=api_id)["items"]],
                         [first["id"], second["id"]])
        stage = self.apigw.get_stage(restApiId=api_id, stageName="dev")
        self.assertEqual(stage["deploymentId"], second["id"])

    def test_stages_create_list_delete(self):
        api_id, root = self.new_api()
        self.echo_method(api_id, root)
        deployment = self.apigw.create_deployment(restApiId=api_id)["id"]
        self.assertEqual(self.apigw.get_stages(restApiId=api_id)["item"], [])
        stage = self.apigw.create_stage(restApiId=api_id, stageName="beta", deploymentId=deployment,
                                        variables={"v": "1"})
        self.assertEqual(stage["ResponseMetadata"]["HTTPStatusCode"], 201)
        del stage["ResponseMetadata"]
        created = stage.pop("createdDate")
        self.assertEqual(stage.pop("lastUpdatedDate"), created)
        self.assertEqual(stage, {"deploymentId": deployment, "stageName": "beta", "cacheClusterEnabled": False,
                                 "cacheClusterStatus": "NOT_AVAILABLE", "methodSettings": {},
                                 "variables": {"v": "1"}, "tracingEnabled": False})
        self.assertEqual(self.invoke(api_id, "beta", "/").json["stageVariables"], {"v": "1"})
        self.assertApiError(lambda: self.apigw.create_stage(restApiId=api_id, stageName="beta", deploymentId=deployment),
                            409, "ConflictException", "Stage already exists")
        self.assertApiError(lambda: self.apigw.create_stage(restApiId=api_id, stageName="x", deploymentId="nosuch"),
                            404, "NotFoundException", "Invalid Deployment identifier specified")
        self.assertEqual([s["stageName"] for s in self.apigw.get_stages(restApiId=api_id)["item"]], ["beta"])
        self.apigw.delete_stage(restApiId=api_id, stageName="beta")
        self.assertApiError(lambda: self.apigw.get_stage(restApiId=api_id, stageName="beta"), 404,
                            "NotFoundException", "Invalid Stage identifier specified")
        self.assertEqual(self.invoke(api_id, "beta", "/").status, 403)

    def test_create_deployment_needs_methods_with_integrations(self):
        api_id, root = self.new_api()
        self.assertApiError(lambda: self.apigw.create_deployment(restApiId=api_id, stageName="dev"), 400,
                            "BadRequestException", "The REST API doesn't contain any methods")
        self.apigw.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
        self.assertApiError(lambda: self.apigw.create_deployment(restApiId=api_id, stageName="dev"), 400,
                            "BadRequestException", "No integration defined for method")


class CliTest(ControlPlaneTestCase):
    def test_aws_cli_builds_an_api_by_hand_that_serves_requests(self):
        """create-rest-api, get-resources, create-resource, put-method, put-integration and
        create-deployment, as the API Gateway developer guide's CLI walkthrough does them."""
        aws = lambda *args: self.server.aws("apigateway", *args, check=True).json  # noqa: E731
        api = aws("create-rest-api", "--name", "by-hand")
        api_id = api["id"]
        resources = aws("get-resources", "--rest-api-id", api_id)["items"]
        self.assertEqual(resources, [{"id": api["rootResourceId"], "path": "/"}])
        resource = aws("create-resource", "--rest-api-id", api_id, "--parent-id", resources[0]["id"],
                       "--path-part", "{proxy+}")
        self.assertEqual((resource["path"], resource["parentId"]), ("/{proxy+}", api["rootResourceId"]))
        method = aws("put-method", "--rest-api-id", api_id, "--resource-id", resource["id"], "--http-method", "ANY",
                     "--authorization-type", "NONE")
        self.assertEqual(method, {"httpMethod": "ANY", "authorizationType": "NONE", "apiKeyRequired": False})
        integration = aws("put-integration", "--rest-api-id", api_id, "--resource-id", resource["id"],
                          "--http-method", "ANY", "--type", "AWS_PROXY", "--integration-http-method", "POST",
                          "--uri", integration_uri("echo"))
        self.assertEqual((integration["type"], integration["httpMethod"], integration["uri"]),
                         ("AWS_PROXY", "POST", integration_uri("echo")))
        deployment = aws("create-deployment", "--rest-api-id", api_id, "--stage-name", "dev")
        self.assertRegex(deployment["id"], r"^[a-z0-9]{6}$")
        self.assertIsInstance(deployment["createdDate"], int)

        answer = harness.http_request(self.server.port, "DELETE",
                                      "/restapis/%s/dev/_user_request_/orders/7?x=1" % api_id)
        self.assertEqual(answer.status, 200, answer)
        event = answer.json
        self.assertEqual((event["httpMethod"], event["resource"], event["path"], event["pathParameters"],
                          event["requestContext"]["resourceId"], event["requestContext"]["deploymentId"]),
                         ("DELETE", "/{proxy+}", "/orders/7", {"proxy": "orders/7"}, resource["id"], deployment["id"]))
        # Nothing on the root: API Gateway's 403.
        answer = harness.http_request(self.server.port, "GET", "/restapis/%s/dev/_user_request_/" % api_id)
        self.assertEqual((answer.status, answer.raw), (403, b'{"message":"Missing Authentication Token"}'))

    def test_aws_cli_reports_a_missing_api(self):
        result = self.server.aws("apigateway", "get-rest-api", "--rest-api-id", "nosuchapi0")
        self.assertEqual(result.rc, harness.cli_error_exit_code())
        self.assertIn("An error occurred (NotFoundException) when calling the GetRestApi operation: "
                      "Invalid API identifier specified 000000000000:nosuchapi0", result.stderr)


if __name__ == "__main__":
    unittest.main()
