"""API Gateway's data plane through raw HTTP: the Lambda proxy event (payload 1.0) the function
receives, field for field, and how its answer is mapped back, as AWS does both.

The expected events follow the events LocalStack recorded against AWS
(tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration):
absent parts are null, `path` has no stage and keeps its percent-encoding while
requestContext.path has the stage, query values are decoded with `+` as a space, header names
keep the client's casing, and the gateway adds X-Amzn-Trace-Id and X-Forwarded-For/-Port/-Proto
(a regional endpoint's headers; no CloudFront here). The response rules follow
test_aws_proxy_response_payload_format_validation, recorded against AWS.

The functions behind the APIs are tests/handlers/apigateway's: echo.handler answers the event it
got as its body; reply.handler returns the request body as its result.
"""

import base64
import json
import os
import re
import tempfile
import time
import unittest

import harness

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
REQUEST_TIME = re.compile(r"^\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2} \+0000$")
TRACE_ID = re.compile(r"^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$")
INTERNAL_ERROR = b'{"message": "Internal server error"}'
MISSING_TOKEN = b'{"message":"Missing Authentication Token"}'
NULL_IDENTITY = {key: None for key in (
    "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
    "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "user", "userArn")}


def function_arn(name):
    return "arn:aws:lambda:us-east-1:000000000000:function:" + name


def integration_uri(name):
    return ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/%s/invocations"
            % function_arn(name))


def write_test_stack(directory):
    """The seed stack plus the test handlers, each behind a LambdaRestApi of its own."""
    with open(os.path.join(REPO, "config", "stack.json")) as f:
        stack = json.load(f)
    library = harness.handler_library("apigateway_test_handlers")
    for name, handler, timeout, env in [("echo", "echo.handler", 3, {}),
                                        ("reply", "reply.handler", 3, {}),
                                        ("thrower", "throw.handler", 3, {}),
                                        ("sleeper", "sleep.handler", 3, {"SLEEP_MS": "1500"}),
                                        ("sleepy_1s", "sleep.handler", 1, {"SLEEP_MS": "1500"})]:
        stack["functions"].append({"name": name, "handler": handler, "code": library,
                                   "timeout": timeout, "environment": env})
    for api_id, name in [("echohandlr", "echo"), ("replyhandl", "reply"), ("throwhandl", "thrower"),
                         ("sleepyhand", "sleepy_1s")]:
        stack["restApis"].append({"name": name + "-endpoint", "id": api_id, "function": name, "stage": "prod"})
    return harness.write_stack(directory, stack)


class ProxyTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stack_dir = tempfile.mkdtemp(prefix="streamstack-apigw-")
        stack = write_test_stack(cls.stack_dir)
        cls.server = harness.Server(":memory:", extra_args=["--config", stack]).start()
        cls.port = cls.server.port
        cls.apigw = cls.server.client("apigateway")
        cls.build_routes_api()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    @classmethod
    def build_routes_api(cls):
        """An API built through the control plane: literal, {variable} and greedy resources, a
        MOCK OPTIONS for CORS, binary media types, a stage with variables."""
        c = cls.apigw
        api = c.create_rest_api(name="routes", binaryMediaTypes=["application/octet-stream", "image/*"])
        cls.routes_id = api_id = api["id"]
        root = api["rootResourceId"]

        def resource(parent, part):
            return c.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]

        def proxy_method(resource_id, method, function, **extra):
            c.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=method, authorizationType="NONE")
            c.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=method, type="AWS_PROXY",
                              integrationHttpMethod="POST", uri=integration_uri(function), **extra)

        items = resource(root, "items")
        item = resource(items, "{itemId}")
        special = resource(items, "special")
        greedy = resource(root, "{proxy+}")
        reply = resource(root, "reply")
        slow = resource(root, "slow")
        cls.resource_ids = {"/": root, "/items": items, "/items/{itemId}": item, "/items/special": special,
                            "/{proxy+}": greedy, "/reply": reply, "/slow": slow}
        proxy_method(root, "GET", "echo")
        proxy_method(items, "GET", "echo")
        proxy_method(item, "GET", "echo")
        proxy_method(special, "GET", "echo")
        proxy_method(greedy, "GET", "echo")
        proxy_method(reply, "POST", "reply")
        proxy_method(slow, "GET", "sleeper", timeoutInMillis=500)

        # CORS as the console and CDK's addCorsPreflight set it up: OPTIONS answered by a MOCK.
        c.put_method(restApiId=api_id, resourceId=item, httpMethod="OPTIONS", authorizationType="NONE")
        c.put_integration(restApiId=api_id, resourceId=item, httpMethod="OPTIONS", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        allow = {"method.response.header.Access-Control-Allow-Origin": "'http://example.com'",
                 "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
                 "method.response.header.Access-Control-Allow-Headers": "'Content-Type,X-Api-Key'"}
        c.put_method_response(restApiId=api_id, resourceId=item, httpMethod="OPTIONS", statusCode="200",
                              responseParameters={k: False for k in allow})
        c.put_integration_response(restApiId=api_id, resourceId=item, httpMethod="OPTIONS", statusCode="200",
                                   responseParameters=allow, responseTemplates={"application/json": ""})
        cls.routes_deployment = c.create_deployment(restApiId=api_id, stageName="test",
                                                    variables={"color": "blue"})["id"]

    # --- helpers -------------------------------------------------------------------------------

    def call(self, method, path, body=b"", headers=(), host=None):
        return harness.http_request(self.port, method, path, body, headers, host)

    def stack_api(self, api_id):
        """(deployment id, {path: resource id}) of an API the stack file made."""
        resources = self.apigw.get_resources(restApiId=api_id)["items"]
        deployment = self.apigw.get_stage(restApiId=api_id, stageName="prod")["deploymentId"]
        return deployment, {r["path"]: r["id"] for r in resources}

    def echoed(self, answer):
        """The event echo.handler received, after checking the fields that change with every
        request against the answer's headers; those fields are then blanked."""
        self.assertEqual(answer.status, 200, answer)
        event = answer.json
        context = event["requestContext"]
        self.assertRegex(context["requestId"], UUID)
        self.assertEqual(answer.header("x-amzn-RequestId"), context["requestId"])
        self.assertEqual(answer.header("x-amz-apigw-id"), context["extendedRequestId"])
        self.assertRegex(context["requestTime"], REQUEST_TIME)
        self.assertIsInstance(context["requestTimeEpoch"], int)
        self.assertLess(abs(context["requestTimeEpoch"] - time.time() * 1000), 60000)
        self.assertEqual(time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(context["requestTimeEpoch"] // 1000)),
                         context["requestTime"])
        trace = answer.header("X-Amzn-Trace-Id")
        self.assertRegex(trace, TRACE_ID)
        self.assertEqual(event["headers"]["X-Amzn-Trace-Id"], trace)
        self.assertEqual(event["multiValueHeaders"]["X-Amzn-Trace-Id"], [trace])
        for key in ("requestId", "extendedRequestId", "requestTime", "requestTimeEpoch"):
            context[key] = "<%s>" % key
        event["headers"]["X-Amzn-Trace-Id"] = "<trace>"
        event["multiValueHeaders"]["X-Amzn-Trace-Id"] = ["<trace>"]
        return event

    def expected_event(self, *, api_id, deployment_id, stage, method, path, resource, resource_id,
                       headers, query=None, path_parameters=None, stage_variables=None, body=None,
                       base64_encoded=False, user_agent=None, host=None):
        """The proxy event AWS sends for a request with exactly `headers` (a list of pairs, Host
        not included) and `query` (a list of decoded pairs, or None)."""
        host = host or "127.0.0.1:%d" % self.port
        sent = [("Host", host)] + list(headers) + [
            ("X-Amzn-Trace-Id", "<trace>"), ("X-Forwarded-For", "127.0.0.1"),
            ("X-Forwarded-Port", host.rsplit(":", 1)[1]), ("X-Forwarded-Proto", "http")]
        single, multi = {}, {}
        for name, value in sent:
            single[name] = value
            multi.setdefault(name, []).append(value)
        query_single = query_multi = None
        if query is not None:
            query_single, query_multi = {}, {}
            for name, value in query:
                query_single[name] = value
                query_multi.setdefault(name, []).append(value)
        identity = dict(NULL_IDENTITY, sourceIp="127.0.0.1", userAgent=user_agent)
        return {
            "resource": resource,
            "path": path,
            "httpMethod": method,
            "headers": single,
            "multiValueHeaders": multi,
            "queryStringParameters": query_single,
            "multiValueQueryStringParameters": query_multi,
            "pathParameters": path_parameters,
            "stageVariables": stage_variables,
            "requestContext": {
                "resourceId": resource_id,
                "resourcePath": resource,
                "httpMethod": method,
                "extendedRequestId": "<extendedRequestId>",
                "requestTime": "<requestTime>",
                "path": "/" + stage + path,
                "accountId": "000000000000",
                "protocol": "HTTP/1.1",
                "stage": stage,
                "domainPrefix": api_id,
                "requestTimeEpoch": "<requestTimeEpoch>",
                "requestId": "<requestId>",
                "identity": identity,
                "domainName": host,
                "deploymentId": deployment_id,
                "apiId": api_id,
            },
            "body": body,
            "isBase64Encoded": base64_encoded,
        }

    def assertGatewayError(self, answer, status, error_type, body):
        self.assertEqual((answer.status, answer.header("x-amzn-ErrorType"), answer.raw),
                         (status, error_type, body), answer)
        self.assertEqual(answer.header("Content-Type"), "application/json")
        self.assertRegex(answer.header("x-amzn-RequestId"), UUID)


class ProxyEventTest(ProxyTestCase):
    def test_get_with_repeated_query_parameters_and_headers(self):
        """`?price=10&price=20&price=30`: the single map holds the last value, the multi map all;
        `+` and %20 decode to a space, %2B to a plus; repeated headers likewise, with the client's
        casing kept; the root resource has no pathParameters; no body is null."""
        deployment, ids = self.stack_api("echohandlr")
        headers = [("tEsT-HEADeR", "aValUE"), ("X-Multi", "one"), ("X-Multi", "two"),
                   ("User-Agent", "itest/1.0"), ("Accept", "*/*")]
        answer = self.call("GET", "/restapis/echohandlr/prod/_user_request_/?price=10&price=20&price=30"
                           "&email=test%2Balias@gmail.com&plus=a+b&space=foo%20bar&flag", headers=headers)
        self.assertEqual(self.echoed(answer), self.expected_event(
            api_id="echohandlr", deployment_id=deployment, stage="prod", method="GET", path="/",
            resource="/", resource_id=ids["/"], headers=headers, user_agent="itest/1.0",
            query=[("price", "10"), ("price", "20"), ("price", "30"), ("email", "test+alias@gmail.com"),
                   ("plus", "a b"), ("space", "foo bar"), ("flag", "")]))

    def test_post_with_a_json_body(self):
        """The body is the request's text as sent; Content-Length never reaches the function."""
        deployment, ids = self.stack_api("echohandlr")
        body = '{"itemKey": "1", "name": "a"}'
        headers = [("Content-Type", "application/json")]
        answer = self.call("POST", "/restapis/echohandlr/prod/_user_request_/items", body, headers)
        self.assertEqual(self.echoed(answer), self.expected_event(
            api_id="echohandlr", deployment_id=deployment, stage="prod", method="POST", path="/items",
            resource="/{proxy+}", resource_id=ids["/{proxy+}"], headers=headers,
            path_parameters={"proxy": "items"}, body=body))

    def test_binary_body_of_a_binary_media_type_arrives_base64(self):
        """A Content-Type among the API's binaryMediaTypes (here application/octet-stream and
        image/*) is sent base64 with isBase64Encoded true; the stage's variables are there."""
        payload = bytes(range(256))
        for content_type in ("application/octet-stream", "image/png"):
            headers = [("Content-Type", content_type)]
            answer = self.call("GET", "/restapis/%s/test/_user_request_/items" % self.routes_id, payload, headers)
            self.assertEqual(self.echoed(answer), self.expected_event(
                api_id=self.routes_id, deployment_id=self.routes_deployment, stage="test", method="GET",
                path="/items", resource="/items", resource_id=self.resource_ids["/items"], headers=headers,
                stage_variables={"color": "blue"}, body=base64.b64encode(payload).decode(),
                base64_encoded=True))

    def test_text_body_of_another_media_type_arrives_as_text(self):
        headers = [("Content-Type", "text/plain")]
        answer = self.call("GET", "/restapis/%s/test/_user_request_/items" % self.routes_id, "héllo", headers)
        event = self.echoed(answer)
        self.assertEqual((event["body"], event["isBase64Encoded"]), ("héllo", False))

    def test_greedy_path_keeps_its_percent_encoding(self):
        """{proxy+} takes the rest of the path as sent, without its one trailing slash; `path`
        keeps the encoding and the trailing slash, requestContext.path adds the stage."""
        deployment, ids = self.stack_api("echohandlr")
        raw = "/user/test%2Balias@gmail.com/a%20b/c%2Fd/plus+sign/"
        answer = self.call("GET", "/restapis/echohandlr/prod/_user_request_" + raw)
        self.assertEqual(self.echoed(answer), self.expected_event(
            api_id="echohandlr", deployment_id=deployment, stage="prod", method="GET", path=raw,
            resource="/{proxy+}", resource_id=ids["/{proxy+}"], headers=[],
            path_parameters={"proxy": raw[1:-1]}))

    def test_each_request_gets_a_fresh_request_id(self):
        ids = set()
        for _ in range(3):
            answer = self.call("GET", "/restapis/echohandlr/prod/_user_request_/")
            ids.add(answer.json["requestContext"]["requestId"])
        self.assertEqual(len(ids), 3)

    def test_the_three_url_forms_reach_the_same_stage(self):
        """Path style (`_user_request_`), /_aws/execute-api/, and the execute-api Host name."""
        host = "echohandlr.execute-api.localhost:%d" % self.port
        forms = [("/restapis/echohandlr/prod/_user_request_/a/b?x=1", None),
                 ("/_aws/execute-api/echohandlr/prod/a/b?x=1", None),
                 ("/prod/a/b?x=1", host)]
        for path, host_header in forms:
            event = self.echoed(self.call("GET", path, host=host_header))
            self.assertEqual((event["path"], event["resource"], event["pathParameters"],
                              event["queryStringParameters"], event["requestContext"]["path"]),
                             ("/a/b", "/{proxy+}", {"proxy": "a/b"}, {"x": "1"}, "/prod/a/b"), path)
            self.assertEqual(event["requestContext"]["domainName"], host_header or "127.0.0.1:%d" % self.port)


class RoutingTest(ProxyTestCase):
    def route(self, path, method="GET"):
        answer = self.call(method, "/restapis/%s/test/_user_request_%s" % (self.routes_id, path))
        if answer.status != 200:
            return answer.status
        event = answer.json
        return event["resource"], event["pathParameters"], event["requestContext"]["resourceId"]

    def test_a_literal_wins_over_a_variable_which_wins_over_a_greedy_path(self):
        r = self.resource_ids
        self.assertEqual(self.route("/items/special"), ("/items/special", None, r["/items/special"]))
        self.assertEqual(self.route("/items/42"), ("/items/{itemId}", {"itemId": "42"}, r["/items/{itemId}"]))
        self.assertEqual(self.route("/items/a%2Fb"), ("/items/{itemId}", {"itemId": "a%2Fb"}, r["/items/{itemId}"]))
        self.assertEqual(self.route("/items"), ("/items", None, r["/items"]))
        # /items/42/more has no resource under {itemId}: the greedy path at the root takes it.
        self.assertEqual(self.route("/items/42/more"), ("/{proxy+}", {"proxy": "items/42/more"}, r["/{proxy+}"]))
        self.assertEqual(self.route("/other"), ("/{proxy+}", {"proxy": "other"}, r["/{proxy+}"]))
        self.assertEqual(self.route("/"), ("/", None, r["/"]))

    def test_no_method_for_the_request_is_missing_authentication_token(self):
        """A resource without the request's method (and without ANY), or no resource at all,
        is API Gateway's MISSING_AUTHENTICATION_TOKEN: 403."""
        for method, path in [("POST", "/items/special"), ("DELETE", "/"), ("POST", "/other/path")]:
            answer = self.call(method, "/restapis/%s/test/_user_request_%s" % (self.routes_id, path))
            self.assertGatewayError(answer, 403, "MissingAuthenticationTokenException", MISSING_TOKEN)

    def test_unknown_stage_is_forbidden_and_unknown_api_not_found(self):
        answer = self.call("GET", "/restapis/%s/nostage/_user_request_/" % self.routes_id)
        self.assertGatewayError(answer, 403, "ForbiddenException", b'{"message":"Forbidden"}')
        answer = self.call("GET", "/restapis/nosuchapi0/prod/_user_request_/")
        self.assertGatewayError(answer, 404, "NotFoundException",
                                b'{"message":"The API id \'nosuchapi0\' does not correspond to a deployed '
                                b'API Gateway API"}')

    def test_cors_preflight_is_answered_by_the_mocked_options_method(self):
        """The integration response's static 'values' become the headers; the edge adds no
        Allow-Origin of its own, so the browser sees exactly what the API says."""
        answer = self.call("OPTIONS", "/restapis/%s/test/_user_request_/items/7" % self.routes_id,
                           headers=[("Origin", "http://example.com"), ("Access-Control-Request-Method", "GET")])
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(answer.raw, b"")
        self.assertEqual(answer.headers_named("Access-Control-Allow-Origin"), ["http://example.com"])
        self.assertEqual(answer.header("Access-Control-Allow-Methods"), "GET,OPTIONS")
        self.assertEqual(answer.header("Access-Control-Allow-Headers"), "Content-Type,X-Api-Key")
        self.assertEqual(answer.header("Content-Type"), "application/json")

    def test_options_without_a_method_is_not_answered_by_the_edge(self):
        """No OPTIONS method on /items/special: the preflight is API Gateway's 403."""
        answer = self.call("OPTIONS", "/restapis/%s/test/_user_request_/items/special" % self.routes_id,
                           headers=[("Origin", "http://example.com"), ("Access-Control-Request-Method", "GET")])
        self.assertGatewayError(answer, 403, "MissingAuthenticationTokenException", MISSING_TOKEN)
        self.assertIsNone(answer.header("Access-Control-Allow-Origin"))


class ProxyResponseTest(ProxyTestCase):
    def reply(self, result, api="/restapis/replyhandl/prod/_user_request_/", headers=()):
        """What the client gets when the function returns `result` (sent as the request body)."""
        body = result if isinstance(result, (bytes, str)) else json.dumps(result)
        return self.call("POST", api, body, [("Content-Type", "application/json")] + list(headers))

    def test_status_code_as_a_number_or_a_numeric_string(self):
        for code in (201, "202"):
            answer = self.reply({"statusCode": code, "body": "made"})
            self.assertEqual((answer.status, answer.raw), (int(code), b"made"))
            self.assertEqual(answer.header("Content-Type"), "application/json")

    def test_no_status_code_is_200_with_an_empty_body(self):
        answer = self.reply({"headers": {"X-A": "b"}})
        self.assertEqual((answer.status, answer.raw, answer.header("X-A")), (200, b"", "b"))
        answer = self.reply({"statusCode": 204, "headers": None})
        self.assertEqual(answer.status, 204)

    def test_headers_merge_with_multi_value_headers(self):
        """A name in both maps is sent once: the multi values first, then the single one, in the
        casing of multiValueHeaders; a boolean is sent as its JSON text."""
        answer = self.reply({"statusCode": 200, "body": "{}",
                             "headers": {"X-Both": "s", "X-Single": True, "Content-Type": "text/plain"},
                             "multiValueHeaders": {"x-both": ["m1", "m2"], "X-Multi": ["a", "b"]}})
        self.assertEqual(answer.status, 200)
        names = [name for name, _ in answer.header_list]
        self.assertIn("x-both", names)
        self.assertNotIn("X-Both", names)
        self.assertEqual(answer.headers_named("x-both"), ["m1, m2, s"])
        self.assertEqual(answer.header("X-Multi"), "a, b")
        self.assertEqual(answer.header("X-Single"), "true")
        self.assertEqual(answer.headers_named("Content-Type"), ["text/plain"])

    def test_base64_body_is_decoded_only_for_a_binary_media_type(self):
        png = b"\x89PNG\r\n\x1a\n\x00\xff"
        result = {"statusCode": 200, "headers": {"Content-Type": "image/png"},
                  "body": base64.b64encode(png).decode(), "isBase64Encoded": True}
        answer = self.reply(result, api="/restapis/%s/test/_user_request_/reply" % self.routes_id)
        self.assertEqual((answer.status, answer.raw), (200, png))
        # The stack's API has no binaryMediaTypes: AWS sends the base64 text as it is.
        answer = self.reply(result)
        self.assertEqual((answer.status, answer.raw), (200, base64.b64encode(png)))

    def test_malformed_responses_are_502(self):
        for result in [{"statusCode": 200, "wrongValue": 1},
                       {"statusCode": "test"},
                       {"statusCode": 200, "multiValueHeaders": {"a": "not-a-list"}},
                       {"statusCode": 200, "body": {"an": "object"}},
                       "a bare string",
                       b"{not json",
                       [1, 2]]:
            answer = self.reply(result)
            self.assertGatewayError(answer, 502, "InternalServerErrorException", INTERNAL_ERROR)

    def test_a_function_error_is_502(self):
        answer = self.call("GET", "/restapis/throwhandl/prod/_user_request_/")
        self.assertGatewayError(answer, 502, "InternalServerErrorException", INTERNAL_ERROR)

    def test_a_function_timing_out_before_the_integration_is_502(self):
        """sleepy_1s sleeps 1.5 s with a 1 s Timeout: Lambda's timeout, a function error."""
        answer = self.call("GET", "/restapis/sleepyhand/prod/_user_request_/")
        self.assertGatewayError(answer, 502, "InternalServerErrorException", INTERNAL_ERROR)

    def test_past_the_integration_timeout_is_504(self):
        """/slow's integration has timeoutInMillis 500 (29000 by default, at most 29000) and its
        function sleeps 1.5 s."""
        started = time.monotonic()
        answer = self.call("GET", "/restapis/%s/test/_user_request_/slow" % self.routes_id)
        elapsed = time.monotonic() - started
        self.assertGatewayError(answer, 504, "InternalServerErrorException",
                                b'{"message": "Endpoint request timed out"}')
        self.assertLess(elapsed, 1.4)

    def test_the_server_still_answers_after_bad_responses(self):
        self.reply("garbage")
        answer = self.reply({"statusCode": 200, "body": "ok"})
        self.assertEqual((answer.status, answer.raw), (200, b"ok"))



class BadInputTest(ProxyTestCase):
    def test_bytes_that_are_not_text_reach_the_function_as_replacement_characters(self):
        """A JSON event cannot hold %FF or a raw 0xFF header byte: they become U+FFFD."""
        answer = self.call("GET", "/restapis/echohandlr/prod/_user_request_/?q=%ff%41&x=%",
                           headers=[("X-Bin", "a\xffb")])
        event = self.echoed(answer)
        self.assertEqual(event["queryStringParameters"], {"q": "\ufffdA", "x": "%"})
        self.assertEqual(event["headers"]["X-Bin"], "a\ufffdb")

    def test_odd_urls_get_gateway_answers_and_the_server_stays_up(self):
        cases = [("/restapis//prod/_user_request_/", 404),
                 ("/restapis/echohandlr//_user_request_/", 403),
                 ("/_aws/execute-api/", 404),
                 ("/_aws/execute-api//prod/", 404),
                 ("/restapis/%2e%2e/prod/_user_request_/", 404),
                 ("/restapis/echohandlr/prod/_user_request_/%", 200),
                 ("/restapis/echohandlr/prod/_user_request_/" + "a/" * 3000, 200),
                 ("/restapis/echohandlr/prod/_user_request_/?" + "&".join("k%d=v" % i for i in range(2000)), 200)]
        for path, status in cases:
            self.assertEqual(self.call("GET", path).status, status, path[:80])
        answer = self.call("GET", "/", host="echohandlr.execute-api.localhost")
        self.assertGatewayError(answer, 403, "ForbiddenException", b'{"message":"Forbidden"}')
        event = self.echoed(self.call("GET", "/restapis/echohandlr/prod/_user_request_/%"))
        self.assertEqual((event["path"], event["pathParameters"]), ("/%", {"proxy": "%"}))


if __name__ == "__main__":
    unittest.main()
