#!/usr/bin/env python3
"""Does a Query's cost grow with its page or with its table? Times a 100-item page from a table of
SMALL items and from one of LARGE items (same item shape, 1000 items per partition), in one server.

    query.py PORT SMALL LARGE    prints QUERY small_p50_us=... large_p50_us=... ratio=...
"""

import concurrent.futures
import http.client
import json
import random
import statistics
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from preload import HEADERS  # noqa: E402

PER_PARTITION = 1000


def call(connection, operation, body):
    headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + operation})
    connection.request("POST", "/", json.dumps(body), headers)
    response = connection.getresponse()
    payload = json.loads(response.read() or b"{}")
    if response.status != 200:
        sys.exit("%s answered %d: %s" % (operation, response.status, payload))
    return payload


def create(port, table):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    call(connection, "CreateTable", {
        "TableName": table,
        "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"},
                                 {"AttributeName": "s", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}],
        "BillingMode": "PAY_PER_REQUEST"})


def load_range(port, table, first, last):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for start in range(first, last, 25):
        writes = [{"PutRequest": {"Item": {"p": {"S": "p%d" % (i // PER_PARTITION)}, "s": {"N": str(i % PER_PARTITION)},
                                           "v": {"S": "value of item %d" % i}}}}
                  for i in range(start, min(last, start + 25))]
        result = call(connection, "BatchWriteItem", {"RequestItems": {table: writes}})
        if result.get("UnprocessedItems"):
            sys.exit("unprocessed items")


def load(port, table, count):
    create(port, table)
    step = max(25, (count // 4 // 25) * 25)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda first: load_range(port, table, first, min(count, first + step)),
                      range(0, count, step)))


def time_queries(port, table, count, runs=1000):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    partitions = count // PER_PARTITION
    rng = random.Random(7)
    times = []
    for _ in range(runs):
        body = {"TableName": table, "KeyConditionExpression": "p = :p AND s >= :s",
                "ExpressionAttributeValues": {":p": {"S": "p%d" % rng.randrange(partitions)},
                                              ":s": {"N": str(rng.randrange(PER_PARTITION - 100))}},
                "Limit": 100}
        headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810.Query"})
        text = json.dumps(body)
        began = time.perf_counter()  # to the answer's last byte, not Python's parse of it
        connection.request("POST", "/", text, headers)
        response = connection.getresponse()
        raw = response.read()
        times.append((time.perf_counter() - began) * 1e6)
        result = json.loads(raw)
        if response.status != 200 or result["Count"] != 100:
            sys.exit("a page of %d items" % result["Count"])
    return statistics.median(times)


def main():
    port, small, large = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    load(port, "query-small", small)
    load(port, "query-large", large)
    # Alternate, so drift on a shared machine falls on both.
    small_runs, large_runs = [], []
    for _ in range(3):
        small_runs.append(time_queries(port, "query-small", small))
        large_runs.append(time_queries(port, "query-large", large))
    small_p50, large_p50 = statistics.median(small_runs), statistics.median(large_runs)
    print("QUERY small=%d large=%d small_p50_us=%.0f large_p50_us=%.0f ratio=%.2f" %
          (small, large, small_p50, large_p50, large_p50 / small_p50))


if __name__ == "__main__":
    main()
