import { startDynamoDbLocal } from '/work/wt-h2-runtime/infra/local/emulators.ts';
import { DynamoDBClient, CreateTableCommand, PutItemCommand, ScanCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
const dir = process.argv[2]!;
const e = await startDynamoDbLocal({ port: 0, dataDir: dir });
const c = new DynamoDBClient({ endpoint: e.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
if (process.argv[3] === 'write') {
  await c.send(new CreateTableCommand({ TableName: 'ttt', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
  let n = 0;
  for (;;) {
    await c.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'ttt', Item: { pk: { S: `a${n}` } } } }, { Put: { TableName: 'ttt', Item: { pk: { S: `b${n}` } } } }] }));
    n++;
    console.log(n);
  }
} else {
  const r = await c.send(new ScanCommand({ TableName: 'ttt', Select: 'COUNT' }));
  console.log('count', r.Count);
  await e.stop(); process.exit(0);
}
