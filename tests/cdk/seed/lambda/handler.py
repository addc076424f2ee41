"""get_handler: reads an item by itemKey, from the query string (?itemKey=1), the path
(/prod/1 through the {proxy+} resource) or a direct Invoke's {"itemKey": "1"}, and answers API
Gateway's proxy response with the item as plain JSON. Its answers are the seed's C++
handler.handler's, so the tutorial's Postman collection checks both alike."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def respond(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, separators=(",", ":"), sort_keys=True, default=str),
    }


def parameter(event, section, name):
    values = event.get(section) if isinstance(event, dict) else None
    value = values.get(name) if isinstance(values, dict) else None
    return value if isinstance(value, str) else None


def requested_key(event):
    for section, name in (("queryStringParameters", "itemKey"), ("pathParameters", "itemKey"),
                          ("pathParameters", "proxy")):
        key = parameter(event, section, name)
        if key is not None:
            return key
    key = event.get("itemKey") if isinstance(event, dict) else None
    return key if isinstance(key, str) else None


def handler(event, context):
    key = requested_key(event)
    if not key:
        return respond(400, {"message": "Missing required parameter itemKey: GET ?itemKey=<key> or /<key>"})
    item = table.get_item(Key={"itemKey": key}).get("Item")
    if item is None:
        return respond(404, {"message": "Item not found", "itemKey": key})
    return respond(200, item)
