#!/usr/bin/env python3
"""Creates the benchmark table and writes key-0 .. key-N-1 into it, over one keep-alive connection.

    preload.py PORT TABLE N [KEY_ATTRIBUTE]

With KEY_ATTRIBUTE (e.g. itemKey, for the seed's stream-demo-table) the table must exist already
and only the items are written.
"""

import http.client
import json
import sys
import time

HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=abc",
}


def call(connection, operation, body):
    headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + operation})
    connection.request("POST", "/", json.dumps(body), headers)
    response = connection.getresponse()
    payload = json.loads(response.read() or b"{}")
    return response.status, payload


def create_table(connection, table):
    status, payload = call(connection, "CreateTable", {
        "TableName": table,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
    })
    if status != 200:
        sys.exit("CreateTable answered %d: %s" % (status, payload))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status, payload = call(connection, "DescribeTable", {"TableName": table})
        if status == 200 and payload["Table"]["TableStatus"] == "ACTIVE":
            return
        time.sleep(0.05)
    sys.exit("table %s did not become ACTIVE: %s" % (table, payload))


def main():
    port, table, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    key = sys.argv[4] if len(sys.argv) > 4 else None
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if key is None:
        create_table(connection, table)
    for i in range(count):
        status, payload = call(connection, "PutItem", {
            "TableName": table,
            "Item": {key or "pk": {"S": "key-%d" % i}, "name": {"S": "bench item"},
                     "count": {"N": str(i)}},
        })
        if status != 200:
            sys.exit("PutItem answered %d: %s" % (status, payload))


if __name__ == "__main__":
    main()
