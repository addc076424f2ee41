"""Kinesis SubscribeToShard (enhanced fan-out) through boto3 over HTTP/1.1: the event stream
that botocore decodes (initial-response, then SubscribeToShardEvents), each starting position,
the ContinuationSequenceNumber to resume from, the end of a closed shard with its ChildShards,
the errors answered before the stream starts, one subscription per consumer and shard, and a
client that goes away mid-stream.

The server runs with a 3 s subscription (AWS: 5 minutes) and a 300 ms heartbeat (AWS: an event
at least every 5 s), so that the module runs in seconds; most classes lift the one call per
second per consumer and shard, which SubscribeLimitsTest keeps, as it keeps the 5 s before a new
call takes a subscription over or sets it to 0."""

import json
import math
import socket
import threading
import time
import unittest

from botocore.eventstream import EventStreamBuffer
from botocore.exceptions import ClientError

import harness
import kinesis_cbor
from kinesis_support import CBOR_11, JSON_11, TARGET, KinesisTestCase, arn_of, sequence_fields

SUBSCRIPTION_MS = 3000
HEARTBEAT_MS = 300
SHARD0 = "shardId-000000000000"


class SubscribeTestCase(KinesisTestCase):
    server_env = {"STREAMSTACK_KINESIS_SUBSCRIPTION_MS": str(SUBSCRIPTION_MS),
                  "STREAMSTACK_KINESIS_HEARTBEAT_MS": str(HEARTBEAT_MS),
                  "STREAMSTACK_KINESIS_SUBSCRIBE_INTERVAL_MS": "0"}

    def consumer(self, name, consumer="c1"):
        return self.kinesis.register_stream_consumer(StreamARN=arn_of(name),
                                                     ConsumerName=consumer)["Consumer"]["ConsumerARN"]

    def put(self, name, *datas, key="a"):
        return [self.kinesis.put_record(StreamName=name, PartitionKey=key, Data=d)["SequenceNumber"]
                for d in datas]

    def open(self, consumer_arn, shard_id=SHARD0, retry_in_use=False, **position):
        """A new subscription's boto3 EventStream. With `retry_in_use`, a ResourceInUseException
        is retried for up to 2 s: a client's closed subscription is freed when the server sees
        its connection go, a moment after the client closed it."""
        deadline = time.monotonic() + 2
        while True:
            try:
                response = self.kinesis.subscribe_to_shard(ConsumerARN=consumer_arn, ShardId=shard_id,
                                                           StartingPosition=position or {"Type": "TRIM_HORIZON"})
                break
            except ClientError as e:
                if (not retry_in_use or e.response["Error"]["Code"] != "ResourceInUseException"
                        or time.monotonic() > deadline):
                    raise
                time.sleep(0.01)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"]["content-type"],
                         "application/vnd.amazon.eventstream")
        stream = response["EventStream"]
        self.addCleanup(stream.close)
        return stream

    def subscribe(self, consumer_arn, shard_id=SHARD0, **position):
        """The SubscribeToShardEvents of a new subscription, as boto3 yields them."""
        return (event["SubscribeToShardEvent"] for event in self.open(consumer_arn, shard_id, **position))

    def first_event(self, consumer_arn, shard_id=SHARD0, **position):
        """The first event of a new subscription, which is then closed."""
        stream = self.open(consumer_arn, shard_id, retry_in_use=True, **position)
        event = next(iter(stream))["SubscribeToShardEvent"]
        stream.close()
        return event

    def records(self, event):
        """A SubscribeToShardEvent's records without their arrival times (checked to be there)."""
        out = []
        for r in event["Records"]:
            r = dict(r)
            self.assertIsNotNone(r.pop("ApproximateArrivalTimestamp"))
            out.append(r)
        return out

    def expected(self, sequence_numbers, datas, key="a"):
        return [{"SequenceNumber": s, "Data": d, "PartitionKey": key}
                for s, d in zip(sequence_numbers, datas)]

    def assertSubscribeError(self, type_, message, **kwargs):
        with self.assertRaises(ClientError) as caught:
            self.kinesis.subscribe_to_shard(**kwargs)
        error = caught.exception.response
        self.assertEqual((error["Error"]["Code"], error["Error"]["Message"]), (type_, message))
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)


class SubscribeToShardTest(SubscribeTestCase):

    def test_trim_horizon_sends_the_shards_records_in_order_then_new_ones(self):
        name = self.create(1)
        seqs = self.put(name, b"one", b"two", b"three")
        events = self.subscribe(self.consumer(name))
        first = next(events)
        self.assertEqual(self.records(first), self.expected(seqs, [b"one", b"two", b"three"]))
        self.assertEqual(first["ContinuationSequenceNumber"], seqs[-1])
        self.assertEqual(first["MillisBehindLatest"], 0)
        self.assertNotIn("ChildShards", first)
        later = self.put(name, b"four", key="b")
        for event in events:
            if event["Records"]:
                self.assertEqual(self.records(event), self.expected(later, [b"four"], key="b"))
                self.assertEqual(event["ContinuationSequenceNumber"], later[0])
                break

    def test_latest_sends_only_records_put_after_subscribing(self):
        name = self.create(1)
        before = self.put(name, b"old1", b"old2")
        events = self.subscribe(self.consumer(name), Type="LATEST")
        first = next(events)
        self.assertEqual(first["Records"], [])
        # With no record to name, the number stands for the same position: after the last one.
        self.assertEqual(sequence_fields(first["ContinuationSequenceNumber"])["seq_ix"],
                         sequence_fields(before[-1])["seq_ix"])
        new = self.put(name, b"new")
        got = next(e for e in events if e["Records"])
        self.assertEqual(self.records(got), self.expected(new, [b"new"]))

    def test_after_and_at_sequence_number(self):
        name = self.create(1)
        seqs = self.put(name, b"r1", b"r2", b"r3")
        consumer = self.consumer(name)
        after = self.first_event(consumer, Type="AFTER_SEQUENCE_NUMBER", SequenceNumber=seqs[0])
        self.assertEqual(self.records(after), self.expected(seqs[1:], [b"r2", b"r3"]))
        at = self.first_event(consumer, Type="AT_SEQUENCE_NUMBER", SequenceNumber=seqs[1])
        self.assertEqual(self.records(at), self.expected(seqs[1:], [b"r2", b"r3"]))

    def test_continuation_sequence_number_resumes_where_the_last_event_ended(self):
        name = self.create(1)
        seqs = self.put(name, b"x", b"y")
        consumer = self.consumer(name)
        first = self.first_event(consumer)
        more = self.put(name, b"z")
        resumed = self.first_event(consumer, Type="AFTER_SEQUENCE_NUMBER",
                                   SequenceNumber=first["ContinuationSequenceNumber"])
        self.assertEqual(first["ContinuationSequenceNumber"], seqs[-1])
        self.assertEqual(self.records(resumed), self.expected(more, [b"z"]))

    def test_at_timestamp_starts_at_the_first_record_at_or_after_it(self):
        name = self.create(1)
        self.put(name, b"early")
        # botocore sends a Timestamp in whole seconds: the next second after "early" arrived.
        since = math.floor(time.time()) + 1
        time.sleep(since + 0.05 - time.time())
        late = self.put(name, b"late")
        event = next(self.subscribe(self.consumer(name), Type="AT_TIMESTAMP", Timestamp=since))
        self.assertEqual(self.records(event), self.expected(late, [b"late"]))

    def test_quiet_shard_gets_empty_events_and_the_subscription_ends_after_its_time(self):
        name = self.create(1)
        started = time.monotonic()
        events = list(self.subscribe(self.consumer(name)))
        elapsed = time.monotonic() - started
        self.assertTrue(all(e["Records"] == [] and e["MillisBehindLatest"] == 0 for e in events))
        # One at once, then one per heartbeat until the subscription's 3 s are up.
        self.assertGreaterEqual(len(events), SUBSCRIPTION_MS // HEARTBEAT_MS - 2)
        self.assertLessEqual(len(events), SUBSCRIPTION_MS // HEARTBEAT_MS + 1)
        self.assertGreaterEqual(elapsed, SUBSCRIPTION_MS / 1000 - 0.1)
        self.assertLess(elapsed, SUBSCRIPTION_MS / 1000 + 1.5)

    def test_closed_shard_ends_with_its_child_shards(self):
        name = self.create(1)
        seqs = self.put(name, b"before-split")
        events = self.subscribe(self.consumer(name))
        self.assertEqual(self.records(next(events)), self.expected(seqs, [b"before-split"]))
        half = 2 ** 127
        self.kinesis.split_shard(StreamName=name, ShardToSplit=SHARD0, NewStartingHashKey=str(half))
        last = next(e for e in events if "ChildShards" in e)
        self.assertEqual(last["Records"], [])
        self.assertNotIn("ContinuationSequenceNumber", last)
        self.assertEqual(last["ChildShards"], [
            {"ShardId": "shardId-000000000001", "ParentShards": [SHARD0],
             "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(half - 1)}},
            {"ShardId": "shardId-000000000002", "ParentShards": [SHARD0],
             "HashKeyRange": {"StartingHashKey": str(half), "EndingHashKey": str(2 ** 128 - 1)}},
        ])
        self.assertEqual(list(events), [])  # and the stream ends

    def test_deleted_stream_ends_the_stream_with_resource_not_found(self):
        name = self.create(1)
        events = self.subscribe(self.consumer(name))
        next(events)
        self.kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)
        with self.assertRaises(ClientError) as caught:
            list(events)
        self.assertEqual(caught.exception.response["Error"],
                         {"Code": "ResourceNotFoundException",
                          "Message": "Shard %s in stream %s under account %s does not exist"
                                     % (SHARD0, name, harness.ACCOUNT)})

    # --- one subscription per consumer and shard ----------------------------------------------

    def test_second_subscription_of_a_consumer_to_a_shard_is_refused_while_one_is_open(self):
        name = self.create(2)
        consumer = self.consumer(name)
        events = self.subscribe(consumer)
        next(events)
        self.assertSubscribeError(
            "ResourceInUseException",
            "Another active subscription exists for this consumer: %s:%s:%s:%s"
            % (harness.ACCOUNT, name, SHARD0, consumer),
            ConsumerARN=consumer, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})
        # Another shard, or another consumer of the same shard, is a subscription of its own.
        next(self.subscribe(consumer, "shardId-000000000001"))
        next(self.subscribe(self.consumer(name, "c2")))

    def test_client_going_away_mid_stream_frees_the_shard_and_leaves_the_server_answering(self):
        name = self.create(1)
        consumer = self.consumer(name)
        body = json.dumps({"ConsumerARN": consumer, "ShardId": SHARD0,
                           "StartingPosition": {"Type": "TRIM_HORIZON"}}).encode()
        headers = harness.sign_headers(self.server.endpoint + "/", "POST",
                                       {"Content-Type": JSON_11, "X-Amz-Target": TARGET + "SubscribeToShard"},
                                       body, harness.REGION)
        client = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: %d\r\n" % (self.server.port, len(body))
        request += "".join("%s: %s\r\n" % (k, v) for k, v in headers.items() if k.lower() != "content-length")
        client.sendall(request.encode() + b"\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received or len(received.split(b"\r\n\r\n", 1)[1]) < 150:
            received += client.recv(65536)
        head, chunked = received.split(b"\r\n\r\n", 1)
        head = head.decode().lower().split("\r\n")
        self.assertEqual(head[0], "http/1.1 200 ok")
        self.assertIn("transfer-encoding: chunked", head)
        self.assertIn("content-type: application/vnd.amazon.eventstream", head)
        self.assertIn("connection: close", head)
        # The first chunk is the initial-response message.
        size, rest = chunked.split(b"\r\n", 1)
        buffer = EventStreamBuffer()
        buffer.add_data(rest[:int(size, 16)])
        first = next(iter(buffer))
        self.assertEqual(first.headers, {":event-type": "initial-response", ":message-type": "event",
                                         ":content-type": "application/x-amz-json-1.1"})
        self.assertEqual(first.payload, b"{}")
        client.close()
        started = time.monotonic()
        self.first_event(consumer)
        # Freed as the connection went, not at a failed write of a later heartbeat (300 ms).
        self.assertLess(time.monotonic() - started, 0.25)
        self.assertEqual(self.kinesis.describe_stream_summary(StreamName=name)
                         ["StreamDescriptionSummary"]["StreamStatus"], "ACTIVE")

    # --- errors before the stream starts --------------------------------------------------------

    def test_unknown_consumer(self):
        name = self.create(1)
        arn = arn_of(name) + "/consumer/nobody:1700000000"
        self.assertSubscribeError(
            "ResourceNotFoundException",
            "Consumer %s under stream %s under account %s not found." % (arn, name, harness.ACCOUNT),
            ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})

    def test_consumer_of_an_unknown_stream(self):
        arn = arn_of("no-such-stream") + "/consumer/c:1700000000"
        self.assertSubscribeError(
            "ResourceNotFoundException",
            "Stream no-such-stream under account %s not found." % harness.ACCOUNT,
            ConsumerARN=arn, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})

    def test_unknown_shard(self):
        name = self.create(1)
        self.assertSubscribeError(
            "ResourceNotFoundException",
            "Shard shardId-000000000007 in stream %s under account %s does not exist" % (name, harness.ACCOUNT),
            ConsumerARN=self.consumer(name), ShardId="shardId-000000000007",
            StartingPosition={"Type": "LATEST"})

    def test_bad_starting_position_type(self):
        name = self.create(1)
        self.assertSubscribeError(
            "ValidationException",
            "1 validation error detected: Value 'FIRST' at 'startingPosition.type' failed to satisfy "
            "constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, "
            "AT_SEQUENCE_NUMBER, TRIM_HORIZON]",
            ConsumerARN=self.consumer(name), ShardId=SHARD0, StartingPosition={"Type": "FIRST"})

    def test_sequence_number_type_without_a_sequence_number(self):
        name = self.create(1)
        self.assertSubscribeError(
            "InvalidArgumentException",
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and SequenceNumber or "
            "(2) TRIM_HORIZON or LATEST and no SequenceNumber. Request specified AT_SEQUENCE_NUMBER and "
            "no SequenceNumber.",
            ConsumerARN=self.consumer(name), ShardId=SHARD0, StartingPosition={"Type": "AT_SEQUENCE_NUMBER"})

    def test_sequence_number_of_another_shard(self):
        name = self.create(2)
        seq = self.kinesis.put_record(StreamName=name, PartitionKey="1", Data=b"d")["SequenceNumber"]
        self.assertSubscribeError(
            "InvalidArgumentException",
            "Invalid SequenceNumber. It encodes shardId-000000000001, while it was used in a call to a "
            "shard with shardId-000000000000",
            ConsumerARN=self.consumer(name), ShardId=SHARD0,
            StartingPosition={"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": seq})


class SubscribeLimitsTest(SubscribeTestCase):
    """AWS's one call per second per consumer and shard (an hour here, so that "at once" never
    passes it on a slow machine)."""

    server_env = dict(SubscribeTestCase.server_env, STREAMSTACK_KINESIS_SUBSCRIBE_INTERVAL_MS="3600000")

    def test_a_second_call_within_the_second_is_limit_exceeded(self):
        name = self.create(1)
        consumer = self.consumer(name)
        next(self.subscribe(consumer))
        self.assertSubscribeError(
            "LimitExceededException",
            "Rate exceeded for consumer %s and shard %s in stream %s under account %s."
            % (consumer, SHARD0, name, harness.ACCOUNT),
            ConsumerARN=consumer, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})


class SubscribeTakeoverTest(SubscribeTestCase):
    """A call 5 s or more after a successful one takes the subscription over (0 s here)."""

    server_env = dict(SubscribeTestCase.server_env, STREAMSTACK_KINESIS_TAKEOVER_MS="0")

    def test_a_newer_subscription_takes_over_and_the_older_ends_with_resource_in_use(self):
        name = self.create(1)
        consumer = self.consumer(name)
        older = self.subscribe(consumer)
        next(older)
        newer = self.subscribe(consumer)
        with self.assertRaises(ClientError) as caught:
            list(older)
        self.assertEqual(caught.exception.response["Error"],
                         {"Code": "ResourceInUseException",
                          "Message": "Another active subscription exists for this consumer: %s:%s:%s:%s"
                                     % (harness.ACCOUNT, name, SHARD0, consumer)})
        seq = self.put(name, b"after")[0]
        event = next(e for e in newer if e["Records"])
        self.assertEqual(self.records(event), self.expected([seq], [b"after"]))

    def test_deregistering_the_consumer_ends_its_subscriptions(self):
        name = self.create(1)
        consumer = self.consumer(name)
        events = self.subscribe(consumer)
        next(events)
        self.kinesis.deregister_stream_consumer(ConsumerARN=consumer)
        with self.assertRaises(ClientError) as caught:
            list(events)
        self.assertEqual(caught.exception.response["Error"],
                         {"Code": "ResourceNotFoundException",
                          "Message": "Consumer %s under stream %s under account %s not found."
                                     % (consumer, name, harness.ACCOUNT)})


class SubscribeInCborTest(SubscribeTestCase):
    """SubscribeToShard in CBOR, as the Java SDK v2 and the KCL send it, over HTTP/1.1."""

    def test_a_cbor_request_is_answered_with_cbor_events(self):
        name = self.create(1)
        seq = self.put(name, b"\x00\xffbinary")[0]
        consumer = self.consumer(name)
        body = kinesis_cbor.encode({"ConsumerARN": consumer, "ShardId": SHARD0,
                                    "StartingPosition": {"Type": "TRIM_HORIZON"}})
        headers = harness.sign_headers(self.server.endpoint + "/", "POST",
                                       {"Content-Type": CBOR_11, "X-Amz-Target": TARGET + "SubscribeToShard"},
                                       body, harness.REGION)
        client = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        self.addCleanup(client.close)
        request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: %d\r\n" % (self.server.port, len(body))
        request += "".join("%s: %s\r\n" % (k, v) for k, v in headers.items() if k.lower() != "content-length")
        client.sendall(request.encode() + b"\r\n" + body)
        buffer, received, messages = EventStreamBuffer(), b"", []
        while len(messages) < 2:
            received += client.recv(65536)
            if b"\r\n\r\n" not in received:
                continue
            head, chunked = received.split(b"\r\n\r\n", 1)
            while b"\r\n" in chunked:
                size, rest = chunked.split(b"\r\n", 1)
                if len(rest) < int(size, 16) + 2:
                    break
                buffer.add_data(rest[:int(size, 16)])
                chunked = rest[int(size, 16) + 2:]
                received = head + b"\r\n\r\n" + chunked
            messages += list(buffer)
        self.assertIn(b"content-type: application/vnd.amazon.eventstream", head.lower())
        initial, event = messages[0], messages[1]
        self.assertEqual(initial.headers[":event-type"], "initial-response")
        self.assertEqual(kinesis_cbor.decode(initial.payload), {})
        self.assertEqual((event.headers[":event-type"], event.headers[":content-type"]),
                         ("SubscribeToShardEvent", CBOR_11))
        payload = kinesis_cbor.decode(event.payload)
        record = payload["Records"][0]
        self.assertEqual((record["SequenceNumber"], record["Data"], record["PartitionKey"]),
                         (seq, b"\x00\xffbinary", "a"))
        self.assertIsInstance(record["ApproximateArrivalTimestamp"], kinesis_cbor.Timestamp)
        self.assertEqual(payload["ContinuationSequenceNumber"], seq)


class SubscribeWhileCreatingTest(SubscribeTestCase):
    """Consumers stay CREATING for the server's delay, as on AWS for a few seconds."""

    server_args = ("--table-delay-ms", "400")

    def test_consumer_not_active_yet(self):
        name = self.create(1)
        self.kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.2})
        consumer = self.consumer(name)
        self.assertSubscribeError(
            "ResourceInUseException",
            "Consumer %s under stream %s under account %s not ACTIVE, instead in state CREATING"
            % (consumer, name, harness.ACCOUNT),
            ConsumerARN=consumer, ShardId=SHARD0, StartingPosition={"Type": "LATEST"})


class SubscribeAndStopTest(SubscribeTestCase):

    def test_sigterm_stops_the_server_promptly_with_a_subscription_open(self):
        name = self.create(1)
        events = self.subscribe(self.consumer(name))
        next(events)
        drained = threading.Event()

        def drain():
            try:
                list(events)
            except Exception:  # the connection closes with the process, mid-body
                pass
            drained.set()

        threading.Thread(target=drain, daemon=True).start()
        started = time.monotonic()
        self.assertEqual(self.server.stop(), 0)
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertTrue(drained.wait(2.0))  # the client sees its stream end


if __name__ == "__main__":
    unittest.main()
