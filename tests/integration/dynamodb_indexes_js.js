// Secondary indexes through the AWS SDK for JavaScript v3 (@aws-sdk/client-dynamodb): a table
// with a global, a multi-attribute global and a local index, queried and paged with the SDK's
// paginator, an index added by UpdateTable, and the errors the SDK surfaces. Prints one JSON
// object of what it saw; test_dynamodb_indexes.py compares it with AWS's answers.
const {
  DynamoDBClient, CreateTableCommand, BatchWriteItemCommand, QueryCommand, ScanCommand,
  UpdateTableCommand, DescribeTableCommand, PutItemCommand, paginateQuery,
} = require('@aws-sdk/client-dynamodb');

const [endpoint, table] = process.argv.slice(2);
const client = new DynamoDBClient({
  endpoint, region: 'us-east-1', maxAttempts: 1,
  credentials: {accessKeyId: 'test', secretAccessKey: 'test'},
});

const S = (s) => ({S: s});
const N = (n) => ({N: String(n)});

async function errorOf(command) {
  try {
    await client.send(command);
    return null;
  } catch (e) {
    return {name: e.name, message: e.message};
  }
}

async function main() {
  const out = {};
  await client.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [['pk', 'S'], ['sk', 'N'], ['g', 'S'], ['t', 'S'], ['r', 'S'],
                           ['lsk', 'N']].map(([AttributeName, AttributeType]) =>
                               ({AttributeName, AttributeType})),
    KeySchema: [{AttributeName: 'pk', KeyType: 'HASH'}, {AttributeName: 'sk', KeyType: 'RANGE'}],
    GlobalSecondaryIndexes: [
      {IndexName: 'byG', KeySchema: [{AttributeName: 'g', KeyType: 'HASH'}],
       Projection: {ProjectionType: 'KEYS_ONLY'}},
      {IndexName: 'byTR', Projection: {ProjectionType: 'ALL'},
       KeySchema: [{AttributeName: 't', KeyType: 'HASH'}, {AttributeName: 'r', KeyType: 'HASH'},
                   {AttributeName: 'sk', KeyType: 'RANGE'}]}],
    LocalSecondaryIndexes: [
      {IndexName: 'byL', Projection: {ProjectionType: 'KEYS_ONLY'},
       KeySchema: [{AttributeName: 'pk', KeyType: 'HASH'}, {AttributeName: 'lsk', KeyType: 'RANGE'}]}],
  }));
  const writes = [];
  for (let i = 0; i < 12; i++) {
    writes.push({PutRequest: {Item: {pk: S('p' + (i % 3)), sk: N(i), g: S(i % 2 ? 'odd' : 'even'),
                                     t: S('t1'), r: S(i < 6 ? 'eu' : 'us'), lsk: N(100 - i),
                                     extra: S('x' + i)}}});
  }
  await client.send(new BatchWriteItemCommand({RequestItems: {[table]: writes}}));

  // Every "even" item, one per page: ties (one partition of byG) in the table's key order.
  const pages = paginateQuery({client, pageSize: 1}, {
    TableName: table, IndexName: 'byG', KeyConditionExpression: 'g = :g',
    ExpressionAttributeValues: {':g': S('even')},
  });
  out.evenKeys = [];
  for await (const page of pages) {
    for (const item of page.Items) out.evenKeys.push(item.pk.S + '/' + item.sk.N);
  }
  const first = await client.send(new QueryCommand({
    TableName: table, IndexName: 'byG', KeyConditionExpression: 'g = :g', Limit: 1,
    ExpressionAttributeValues: {':g': S('even')}, ReturnConsumedCapacity: 'INDEXES',
  }));
  out.firstItem = first.Items[0];
  out.lastEvaluatedKey = first.LastEvaluatedKey;
  out.consumedCapacity = first.ConsumedCapacity;

  const multi = await client.send(new QueryCommand({
    TableName: table, IndexName: 'byTR',
    KeyConditionExpression: 't = :t AND r = :r AND sk BETWEEN :lo AND :hi',
    ExpressionAttributeValues: {':t': S('t1'), ':r': S('us'), ':lo': N(7), ':hi': N(9)},
  }));
  out.multiSortKeys = multi.Items.map((item) => item.sk.N);

  const local = await client.send(new QueryCommand({
    TableName: table, IndexName: 'byL', KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: {':p': S('p0')}, Select: 'ALL_ATTRIBUTES', ConsistentRead: true,
  }));
  out.localExtras = local.Items.map((item) => item.extra.S);

  out.consistentRead = await errorOf(new QueryCommand({
    TableName: table, IndexName: 'byG', KeyConditionExpression: 'g = :g', ConsistentRead: true,
    ExpressionAttributeValues: {':g': S('even')},
  }));
  out.selectAll = await errorOf(new ScanCommand({
    TableName: table, IndexName: 'byG', Select: 'ALL_ATTRIBUTES',
  }));
  out.skippedRange = await errorOf(new QueryCommand({
    TableName: table, IndexName: 'byTR', KeyConditionExpression: 't = :t',
    ExpressionAttributeValues: {':t': S('t1')},
  }));
  out.typeMismatch = await errorOf(new PutItemCommand({
    TableName: table, Item: {pk: S('p9'), sk: N(1), g: N(1)},
  }));

  const created = await client.send(new UpdateTableCommand({
    TableName: table, AttributeDefinitions: [{AttributeName: 'extra', AttributeType: 'S'}],
    GlobalSecondaryIndexUpdates: [{Create: {
      IndexName: 'byExtra', KeySchema: [{AttributeName: 'extra', KeyType: 'HASH'}],
      Projection: {ProjectionType: 'INCLUDE', NonKeyAttributes: ['g']}}}],
  }));
  const newIndex = created.TableDescription.GlobalSecondaryIndexes.find(
      (i) => i.IndexName === 'byExtra');
  out.createdStatus = [newIndex.IndexStatus, newIndex.Backfilling];
  for (let attempt = 0; attempt < 200; attempt++) {
    const described = await client.send(new DescribeTableCommand({TableName: table}));
    const index = described.Table.GlobalSecondaryIndexes.find((i) => i.IndexName === 'byExtra');
    if (index.IndexStatus === 'ACTIVE') {
      out.builtCount = index.ItemCount;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const byExtra = await client.send(new QueryCommand({
    TableName: table, IndexName: 'byExtra', KeyConditionExpression: 'extra = :e',
    ExpressionAttributeValues: {':e': S('x5')},
  }));
  out.byExtra = byExtra.Items;
  out.twoCreates = await errorOf(new UpdateTableCommand({
    TableName: table,
    AttributeDefinitions: [{AttributeName: 'a1', AttributeType: 'S'},
                           {AttributeName: 'a2', AttributeType: 'S'}],
    GlobalSecondaryIndexUpdates: ['a1', 'a2'].map((a) => ({Create: {
      IndexName: 'by' + a, KeySchema: [{AttributeName: a, KeyType: 'HASH'}],
      Projection: {ProjectionType: 'ALL'}}})),
  }));
  out.deleteMissing = await errorOf(new UpdateTableCommand({
    TableName: table, GlobalSecondaryIndexUpdates: [{Delete: {IndexName: 'nope'}}],
  }));
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
