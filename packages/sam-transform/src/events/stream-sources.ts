import type { FunctionEventSource } from '../function-event-source.ts';
import { pullEventSource } from './pull-event-source.ts';

/** `SQS`: a mapping from the queue, and the SQS execution policy on the role. */
export const sqsEventSource: FunctionEventSource = (context) =>
  pullEventSource(
    { type: 'SQS', arnProperty: 'Queue', managedPolicy: 'service-role/AWSLambdaSQSQueueExecutionRole' },
    context,
  );

/** `Kinesis`: a mapping from the stream, and the Kinesis execution policy on the role. */
export const kinesisEventSource: FunctionEventSource = (context) =>
  pullEventSource(
    { type: 'Kinesis', arnProperty: 'Stream', managedPolicy: 'service-role/AWSLambdaKinesisExecutionRole' },
    context,
  );

/** `DynamoDB`: a mapping from the table's stream, and the DynamoDB execution policy on the role. */
export const dynamoDbEventSource: FunctionEventSource = (context) =>
  pullEventSource(
    { type: 'DynamoDB', arnProperty: 'Stream', managedPolicy: 'service-role/AWSLambdaDynamoDBExecutionRole' },
    context,
  );
