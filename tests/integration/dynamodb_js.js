// Runs DynamoDB commands through the AWS SDK for JavaScript v3 and prints, per command, what
// the SDK made of the answer: {"output": ...} or {"error": {name, message, CancellationReasons,
// status}}. Usage: node dynamodb_js.js <endpoint> '<[{"command": "TransactWriteItems", "input": {...}}]>'
const sdk = require('@aws-sdk/client-dynamodb');

const [endpoint, commandsJson] = process.argv.slice(2);
const client = new sdk.DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

(async () => {
  const results = [];
  for (const { command, input } of JSON.parse(commandsJson)) {
    try {
      const output = await client.send(new sdk[command + 'Command'](input));
      delete output.$metadata;
      results.push({ output });
    } catch (e) {
      results.push({
        error: {
          name: e.name,
          message: e.message,
          CancellationReasons: e.CancellationReasons,
          status: e.$metadata && e.$metadata.httpStatusCode,
        },
      });
    }
  }
  console.log(JSON.stringify(results));
})();
