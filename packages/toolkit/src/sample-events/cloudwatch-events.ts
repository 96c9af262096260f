import { gzipSync } from 'node:zlib';
import { accountId, defineSampleEvent, partition, region, SAMPLE_TIME } from './sample-event.ts';

export const cloudwatchScheduledEvent = defineSampleEvent({
  service: 'cloudwatch',
  event: 'scheduled-event',
  describe: 'An EventBridge (CloudWatch Events) schedule rule firing',
  parameters: {
    'account-id': accountId,
    partition,
    region,
    rule: { default: 'ExampleRule', describe: 'Rule that fired' },
  },
  build: (values) => ({
    id: 'cdc73f9d-aea9-11e3-9d5a-835b769c0d9c',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: values['account-id'],
    time: SAMPLE_TIME.toISOString().replace('.000Z', 'Z'),
    region: values.region,
    resources: [`arn:${values.partition}:events:${values.region}:${values['account-id']}:rule/${values.rule}`],
    detail: {},
    version: '0',
  }),
});

export const cloudwatchLogs = defineSampleEvent({
  service: 'cloudwatch',
  event: 'logs',
  describe: 'A CloudWatch Logs subscription batch (gzipped, base64, as Lambda receives it)',
  parameters: {
    'account-id': accountId,
    'log-group': { default: '/aws/lambda/example', describe: 'Log group the events come from' },
    'log-stream': { default: '2024/01/01/[$LATEST]0123456789abcdef', describe: 'Log stream the events come from' },
    message: { default: 'example log message', describe: 'Text of the one log event' },
  },
  build(values) {
    const batch = {
      messageType: 'DATA_MESSAGE',
      owner: values['account-id'],
      logGroup: values['log-group'],
      logStream: values['log-stream'],
      subscriptionFilters: ['ExampleFilter'],
      logEvents: [
        {
          id: '36930185936880209497651234567890123456789012345678',
          timestamp: SAMPLE_TIME.getTime(),
          message: values.message,
        },
      ],
    };
    return { awslogs: { data: gzipSync(JSON.stringify(batch)).toString('base64') } };
  },
});
