"""put_handler: stores an item with itemKey and name, taken from a JSON body
({"itemKey": "1", "name": "a"}), the query string (?itemKey=1&name=a) or a direct Invoke's
event, field by field in that order of preference. Its answers are the seed's C++
put_handler.handler's."""
import base64
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def respond(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, separators=(",", ":"), sort_keys=True),
    }


def json_body(event):
    body = event.get("body") if isinstance(event, dict) else None
    if not isinstance(body, str):
        return None
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    try:
        return json.loads(body)
    except ValueError:
        return None


def is_proxy_event(event):
    return isinstance(event, dict) and "httpMethod" in event and "resource" in event


def find_field(event, body, name):
    if isinstance(body, dict) and name in body:
        return body[name]
    query = event.get("queryStringParameters") if isinstance(event, dict) else None
    if isinstance(query, dict) and isinstance(query.get(name), str):
        return query[name]
    if not is_proxy_event(event) and isinstance(event, dict):
        return event.get(name)
    return None


def handler(event, context):
    body = json_body(event)
    item, missing = {}, []
    for name in ("itemKey", "name"):
        value = find_field(event, body, name)
        if value is None:
            missing.append(name)
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = json.dumps(value)
        if not isinstance(value, str):
            return respond(400, {"message": name + " must be a string"})
        item[name] = value
    if missing:
        return respond(400, {"message": "Missing required field(s): " + ", ".join(missing) +
                             ". Send {\"itemKey\": \"...\", \"name\": \"...\"} as a JSON body or "
                             "?itemKey=...&name=... in the query string"})
    if not item["itemKey"]:
        return respond(400, {"message": "itemKey must not be empty"})
    table.put_item(Item=item)
    return respond(200, item)
