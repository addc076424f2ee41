#!/usr/bin/env python3
"""Kinesis set-up and read timing for bench/run.sh, against streamstack or kinesalite alike.

    kinesis.py PORT setup STREAM SHARDS      create the stream, wait until ACTIVE
    kinesis.py PORT getrecords STREAM N      fill a 1-shard stream with N records of 100 bytes,
                                             then time GetRecords of all N (Limit N) from
                                             TRIM_HORIZON: prints GETRECORDS median_ms=... records=...
"""

import base64
import http.client
import json
import statistics
import sys
import time

HEADERS = {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, "
                     "SignedHeaders=host, Signature=abc",
}


def call(connection, operation, body, ok=(200,)):
    headers = dict(HEADERS, **{"X-Amz-Target": "Kinesis_20131202." + operation})
    connection.request("POST", "/", json.dumps(body), headers)
    response = connection.getresponse()
    payload = json.loads(response.read() or b"{}")
    if response.status not in ok:
        sys.exit("%s answered %d: %s" % (operation, response.status, payload))
    return payload


def setup(connection, stream, shards):
    call(connection, "CreateStream", {"StreamName": stream, "ShardCount": shards})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        description = call(connection, "DescribeStreamSummary", {"StreamName": stream})
        if description["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
            return
        time.sleep(0.05)
    sys.exit("stream %s did not become ACTIVE" % stream)


def getrecords(connection, stream, count):
    setup(connection, stream, 1)
    data = base64.b64encode(b"x" * 100).decode()
    for start in range(0, count, 500):
        records = [{"PartitionKey": "k%d" % i, "Data": data} for i in range(start, min(count, start + 500))]
        result = call(connection, "PutRecords", {"StreamName": stream, "Records": records})
        if result.get("FailedRecordCount"):
            sys.exit("PutRecords failed %d records" % result["FailedRecordCount"])
    shard = call(connection, "ListShards", {"StreamName": stream})["Shards"][0]["ShardId"]
    times = []
    got = 0
    for _ in range(7):
        iterator = call(connection, "GetShardIterator", {"StreamName": stream, "ShardId": shard,
                                                         "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
        headers = dict(HEADERS, **{"X-Amz-Target": "Kinesis_20131202.GetRecords"})
        body = json.dumps({"ShardIterator": iterator, "Limit": count})
        # Timed to the last byte of the answer; parsing it in Python is not the server's time.
        began = time.perf_counter()
        connection.request("POST", "/", body, headers)
        response = connection.getresponse()
        raw = response.read()
        times.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            sys.exit("GetRecords answered %d: %s" % (response.status, raw[:200]))
        got = len(json.loads(raw)["Records"])
    print("GETRECORDS median_ms=%.2f records=%d" % (statistics.median(times), got))


def main():
    port, action, stream, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    if action == "setup":
        setup(connection, stream, n)
    elif action == "getrecords":
        getrecords(connection, stream, n)
    else:
        sys.exit("unknown action " + action)


if __name__ == "__main__":
    main()
