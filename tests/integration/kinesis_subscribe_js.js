// SubscribeToShard through the AWS SDK for JavaScript v3, unchanged: it opens HTTP/2 with prior
// knowledge to the http:// endpoint. Usage: node kinesis_subscribe_js.js ENDPOINT CONSUMER_ARN
// Prints one JSON line per SubscribeToShardEvent, until the subscription ends, then "end".
const { KinesisClient, SubscribeToShardCommand } = require("@aws-sdk/client-kinesis");

async function main() {
  const [endpoint, consumerArn] = process.argv.slice(2);
  const client = new KinesisClient({
    endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const answer = await client.send(new SubscribeToShardCommand({
    ConsumerARN: consumerArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "TRIM_HORIZON" },
  }));
  for await (const event of answer.EventStream) {
    const e = event.SubscribeToShardEvent;
    console.log(JSON.stringify({
      Records: e.Records.map((r) => ({ SequenceNumber: r.SequenceNumber, PartitionKey: r.PartitionKey,
                                      Data: Buffer.from(r.Data).toString() })),
      ContinuationSequenceNumber: e.ContinuationSequenceNumber,
      MillisBehindLatest: e.MillisBehindLatest,
    }));
  }
  console.log("end");
  client.destroy();
}

main().catch((e) => { console.error(e.name + ": " + e.message); process.exit(1); });
