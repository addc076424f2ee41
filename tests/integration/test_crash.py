"""Crash test, in SQLite's spirit: kill the server with SIGKILL at random points while a writer
process makes thousands of acknowledged changes, restart it on the same data file each time, and
check that nothing committed was lost and nothing was recorded twice:

- every acknowledged change is in the table (the final items are exactly the writer's model);
- the table's stream holds exactly one record per effective change, in the order of the changes,
  with increasing sequence numbers: a change the writer retried after a crash (because its answer
  was lost) either committed once or not at all, and its retry then changed nothing;
- a TRIM_HORIZON mapping delivered every record at least once and in order across the restarts:
  each restart may replay from the last checkpoint, never skip past it;
- the table's Kinesis streaming destination holds exactly one record per effective change too, in
  order: it is written in the item's transaction, so a crash keeps both or neither.

The writer is this file run as a script (`writer` mode). It keeps one connection, reconnects to
the port the test writes after each start, and retries an operation until it is answered.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import harness

TABLE = "crash"
KINESIS_STREAM = "crash-stream"
OPERATIONS = 6000
KILLS = 10
SEED = 20260101


def operations(count, seed=SEED):
    """The writer's operations and what each must add to the stream, from a model of the table.

    Returns (ops, expected_records, final_items): ops are (DynamoDB operation, request) pairs;
    expected_records the (eventName, itemKey, NewImage, OldImage) of each record, in order;
    final_items itemKey -> item. Every op changes the table, so each adds records."""
    rng = random.Random(seed)
    items = {}
    ops, records = [], []
    next_key = 0

    def new_item(value):
        nonlocal next_key
        key = "k%05d" % next_key
        next_key += 1
        return {"itemKey": {"S": key}, "v": {"N": str(value)}, "pad": {"S": "x" * (value % 40)}}

    for i in range(count):
        roll = rng.random()
        existing = sorted(items)
        if roll < 0.45 or len(existing) < 5:
            item = new_item(i)
            ops.append(("PutItem", {"TableName": TABLE, "Item": item}))
            records.append(("INSERT", item["itemKey"]["S"], item, None))
            items[item["itemKey"]["S"]] = item
        elif roll < 0.6:
            batch = [new_item(i), new_item(i + 1)]
            ops.append(("BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": b}} for b in batch]}}))
            for b in batch:
                records.append(("INSERT", b["itemKey"]["S"], b, None))
                items[b["itemKey"]["S"]] = b
        elif roll < 0.75:
            key = rng.choice(existing)
            old = items[key]
            item = dict(old, v={"N": str(i)}, pad={"S": "y" * (i % 30)})
            ops.append(("PutItem", {"TableName": TABLE, "Item": item}))
            records.append(("MODIFY", key, item, old))
            items[key] = item
        elif roll < 0.9:
            key = rng.choice(existing)
            old = items[key]
            item = dict(old, v={"N": str(-i)})
            ops.append(("UpdateItem", {"TableName": TABLE, "Key": {"itemKey": {"S": key}},
                                       "UpdateExpression": "SET v = :v",
                                       "ExpressionAttributeValues": {":v": {"N": str(-i)}}}))
            records.append(("MODIFY", key, item, old))
            items[key] = item
        else:
            key = rng.choice(existing)
            ops.append(("DeleteItem", {"TableName": TABLE, "Key": {"itemKey": {"S": key}}}))
            records.append(("REMOVE", key, None, items.pop(key)))
    return ops, records, items


def run_writer(port_file, ack_file, count):
    """Writer mode: every operation until answered 200; one line per acknowledged operation."""
    ops, _, _ = operations(count)
    client, port = None, None
    retried = 0  # operations sent again because their answer was lost
    with open(ack_file, "a") as acks:
        for i, (operation, request) in enumerate(ops):
            failed = False
            while True:
                with open(port_file) as f:
                    current = int(f.read().strip() or 0)
                if client is None or current != port:
                    if client is not None:
                        client.close()
                    port, client = current, harness.FastDynamoDb(current, timeout=5)
                try:
                    status, body = client.call(operation, request)
                except OSError:
                    failed = True
                    time.sleep(0.01)  # the server is down: wait for the next one
                    continue
                if status >= 500:
                    time.sleep(0.01)
                    continue
                if status != 200:
                    sys.exit("operation %d (%s) answered %d: %r" % (i, operation, status, body))
                acks.write("%d\n" % i)
                acks.flush()
                retried += failed
                break
    client.close()
    with open(ack_file + ".retried", "w") as f:
        f.write(str(retried))


class CrashTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="streamstack-crash-")
        self.record_file = os.path.join(self.dir, "deliveries.jsonl")
        self.port_file = os.path.join(self.dir, "port")
        self.ack_file = os.path.join(self.dir, "acks")
        stack = harness.write_stack(self.dir, {
            "kinesisStreams": [{"name": KINESIS_STREAM, "shardCount": 1}],
            "tables": [{"name": TABLE, "partitionKey": {"name": "itemKey", "type": "S"},
                        "stream": "NEW_AND_OLD_IMAGES", "kinesisStream": KINESIS_STREAM}],
            "functions": [harness.recorder_function("recorder", self.record_file)],
            "eventSourceMappings": [{"function": "recorder", "source": "table:" + TABLE,
                                     "StartingPosition": "TRIM_HORIZON", "BatchSize": 100}],
        })
        self.server = harness.Server(os.path.join(self.dir, "data.db"), extra_args=["--config", stack])
        self.writer = None

    def tearDown(self):
        if self.writer is not None and self.writer.poll() is None:
            self.writer.kill()
            self.writer.wait()
        self.server.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start_server(self):
        self.server.start()
        with open(self.port_file + ".new", "w") as f:
            f.write(str(self.server.port))
        os.replace(self.port_file + ".new", self.port_file)

    def stream_records(self):
        """Every record of the table's stream, from its start, through GetRecords pages."""
        ddb, streams = self.server.client(), self.server.client("dynamodbstreams")
        arn = ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = []
        while True:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            records += page["Records"]
            if not page["Records"]:
                return records
            iterator = page["NextShardIterator"]

    def kinesis_changes(self):
        """The destination's records, from the start of its one shard, as (eventName, itemKey,
        NewImage, OldImage)."""
        kinesis = self.server.client("kinesis")
        iterator = kinesis.get_shard_iterator(StreamName=KINESIS_STREAM, ShardId="shardId-000000000000",
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        changes = []
        while True:
            page = kinesis.get_records(ShardIterator=iterator, Limit=10000)
            for record in page["Records"]:
                change = json.loads(record["Data"])
                changes.append((change["eventName"], change["dynamodb"]["Keys"]["itemKey"]["S"],
                                change["dynamodb"].get("NewImage"), change["dynamodb"].get("OldImage")))
            if not page["Records"] and page["MillisBehindLatest"] == 0:
                return changes
            iterator = page["NextShardIterator"]

    def table_items(self):
        ddb = self.server.client()
        items, start = {}, None
        while True:
            kwargs = {"ExclusiveStartKey": start} if start else {}
            page = ddb.scan(TableName=TABLE, **kwargs)
            for item in page["Items"]:
                items[item["itemKey"]["S"]] = item
            start = page.get("LastEvaluatedKey")
            if not start:
                return items

    def test_acknowledged_changes_survive_sigkill_and_every_record_is_delivered_in_order(self):
        started = time.monotonic()
        ops, expected, final_items = operations(OPERATIONS)
        self.start_server()
        self.writer = subprocess.Popen([sys.executable, os.path.abspath(__file__), "writer", self.port_file,
                                        self.ack_file, str(OPERATIONS)], cwd=os.path.dirname(__file__))
        rng = random.Random(SEED)
        kills = 0
        while kills < KILLS and self.writer.poll() is None:
            time.sleep(rng.uniform(0.1, 0.6))
            self.server.kill()
            kills += 1
            self.start_server()
        self.assertEqual(self.writer.wait(timeout=120), 0, "the writer failed")
        with open(self.ack_file) as f:
            acked = [int(line) for line in f]
        self.assertEqual(acked, list(range(len(ops))), "each operation acknowledged once, in order")
        self.assertGreaterEqual(kills, 3, "the writer finished before the server was killed often enough")

        # Every acknowledged change is there: the table is exactly the writer's model.
        self.assertEqual(self.table_items(), final_items)

        # One record per change, in order, nothing for a retry that changed nothing.
        stream = self.stream_records()
        got = [(r["eventName"], r["dynamodb"]["Keys"]["itemKey"]["S"], r["dynamodb"].get("NewImage"),
                r["dynamodb"].get("OldImage")) for r in stream]
        self.assertEqual(len(got), len(expected))
        for i, (g, e) in enumerate(zip(got, expected)):
            self.assertEqual(g, e, "stream record %d" % i)
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in stream]
        self.assertEqual(numbers, sorted(set(numbers)))

        # The Kinesis destination: the same changes, once each, in the same order.
        changes = self.kinesis_changes()
        self.assertEqual(len(changes), len(expected))
        for i, (g, e) in enumerate(zip(changes, expected)):
            self.assertEqual(g, e, "Kinesis record %d" % i)

        # At least once, in order, across the restarts: each delivery continues right after the
        # newest record delivered so far, or replays from an earlier one (after a crash).
        last = stream[-1]["dynamodb"]["SequenceNumber"]
        delivered = harness.wait_for(
            lambda: (lambda d: d if last in d else None)(
                [r["dynamodb"]["SequenceNumber"] for x in harness.read_deliveries(self.record_file)
                 for r in x["records"]]), timeout=30)
        self.assertIsNotNone(delivered, "the mapping did not deliver the last record")
        index = {r["dynamodb"]["SequenceNumber"]: i for i, r in enumerate(stream)}
        newest, previous, rewinds = -1, -1, 0
        for sequence in delivered:
            i = index[sequence]
            self.assertLessEqual(i, newest + 1, "record %d delivered before record %d" % (i, newest + 1))
            if i != previous + 1:
                # Only a restart rewinds: the recorder never fails, so nothing is retried.
                self.assertLessEqual(i, previous, "records delivered out of order")
                rewinds += 1
            previous, newest = i, max(newest, i)
        self.assertEqual(newest, len(stream) - 1)
        self.assertLessEqual(rewinds, kills)
        with open(self.ack_file + ".retried") as f:
            retried = int(f.read())
        print("\ncrash test: %d operations (%d resent after a crash), %d SIGKILLs, %d stream records, %d "
              "deliveries (%d replayed after %d rewinds), %.1f s"
              % (len(ops), retried, kills, len(stream), len(delivered), len(delivered) - len(stream), rewinds,
                 time.monotonic() - started), file=sys.stderr)


if __name__ == "__main__" and sys.argv[1:2] == ["writer"]:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    run_writer(sys.argv[2], sys.argv[3], int(sys.argv[4]))
elif __name__ == "__main__":
    unittest.main()
