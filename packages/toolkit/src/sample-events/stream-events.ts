import { accountId, defineSampleEvent, partition, region, SAMPLE_TIME } from './sample-event.ts';

const epochSeconds = SAMPLE_TIME.getTime() / 1000;

export const dynamodbUpdate = defineSampleEvent({
  service: 'dynamodb',
  event: 'update',
  describe: 'A DynamoDB stream batch: an insert, a modify and a remove',
  parameters: {
    'account-id': accountId,
    partition,
    region,
    table: { default: 'ExampleTableWithStream', describe: 'Table whose stream the records come from' },
  },
  build(values) {
    const streamArn = `arn:${values.partition}:dynamodb:${values.region}:${values['account-id']}:table/${values.table}/stream/2024-01-01T00:00:00.000`;
    const key = { Id: { N: '101' } };
    const record = (eventID: string, eventName: string, sequence: string, images: object) => ({
      eventID,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: values.region,
      dynamodb: {
        ApproximateCreationDateTime: epochSeconds,
        Keys: key,
        ...images,
        SequenceNumber: sequence,
        SizeBytes: 26,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    });
    return {
      Records: [
        record('1', 'INSERT', '111', { NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } } }),
        record('2', 'MODIFY', '222', {
          NewImage: { Message: { S: 'This item has changed' }, Id: { N: '101' } },
          OldImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
        }),
        record('3', 'REMOVE', '333', { OldImage: { Message: { S: 'This item has changed' }, Id: { N: '101' } } }),
      ],
    };
  },
});

export const kinesisGetRecords = defineSampleEvent({
  service: 'kinesis',
  event: 'get-records',
  describe: 'A Kinesis stream batch of one record',
  parameters: {
    region,
    partition,
    'account-id': accountId,
    stream: { default: 'example-stream', describe: 'Stream the record comes from' },
    sequence: {
      default: '49545115243490985018280067714973144582180062593244200961',
      describe: 'Sequence number of the record',
      check: (value: string) => (/^\d+$/.test(value) ? undefined : 'a sequence number is digits'),
    },
    data: {
      default: 'Hello, this is a test 123.',
      describe: 'Record data (base64-encoded in the event, as Kinesis sends it)',
    },
    'partition-key': { default: 'partitionKey-03', describe: 'Partition key of the record' },
  },
  build: (values) => ({
    Records: [
      {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: values['partition-key'],
          sequenceNumber: values.sequence,
          data: Buffer.from(values.data, 'utf8').toString('base64'),
          approximateArrivalTimestamp: epochSeconds,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000006:${values.sequence}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:${values.partition}:iam::${values['account-id']}:role/lambda-role`,
        awsRegion: values.region,
        eventSourceARN: `arn:${values.partition}:kinesis:${values.region}:${values['account-id']}:stream/${values.stream}`,
      },
    ],
  }),
});
