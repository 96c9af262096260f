import { apiEventSource } from './event-api.ts';
import { httpApiEventSource } from './event-http-api.ts';
import type { FunctionEventSource } from './function-event-source.ts';
import { cognitoEventSource } from './events/cognito.ts';
import { documentDbEventSource } from './events/documentdb.ts';
import { s3EventSource } from './events/s3.ts';
import { scheduleV2EventSource } from './events/schedule-v2.ts';
import { alexaSkillEventSource, cloudWatchLogsEventSource, iotRuleEventSource } from './events/simple-push-sources.ts';
import { snsEventSource } from './events/sns.ts';
import { cloudWatchEventSource, scheduleEventSource } from './events/event-rule.ts';
import { mqEventSource } from './events/mq.ts';
import { mskEventSource } from './events/msk.ts';
import { selfManagedKafkaEventSource } from './events/self-managed-kafka.ts';
import { dynamoDbEventSource, kinesisEventSource, sqsEventSource } from './events/stream-sources.ts';

/**
 * Event sources by event `Type`. Adding one is a file exporting a `FunctionEventSource` and one
 * line here; an event whose type is missing is reported in `notEmulated` and generates nothing.
 */
export const FUNCTION_EVENT_SOURCES: ReadonlyMap<string, FunctionEventSource> = new Map<string, FunctionEventSource>([
  ['Api', apiEventSource],
  ['HttpApi', httpApiEventSource],
  ['SQS', sqsEventSource],
  ['Kinesis', kinesisEventSource],
  ['DynamoDB', dynamoDbEventSource],
  ['MSK', mskEventSource],
  ['MQ', mqEventSource],
  ['SelfManagedKafka', selfManagedKafkaEventSource],
  ['DocumentDB', documentDbEventSource],
  ['Schedule', scheduleEventSource],
  ['CloudWatchEvent', cloudWatchEventSource],
  ['EventBridgeRule', cloudWatchEventSource],
  ['ScheduleV2', scheduleV2EventSource],
  ['S3', s3EventSource],
  ['SNS', snsEventSource],
  ['CloudWatchLogs', cloudWatchLogsEventSource],
  ['IoTRule', iotRuleEventSource],
  ['AlexaSkill', alexaSkillEventSource],
  ['Cognito', cognitoEventSource],
]);
