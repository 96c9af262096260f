import { createHash } from 'node:crypto';
import { accountId, defineSampleEvent, partition, region, SAMPLE_TIME } from './sample-event.ts';

export const sqsReceiveMessage = defineSampleEvent({
  service: 'sqs',
  event: 'receive-message',
  describe: 'A batch of one message received from an SQS queue',
  parameters: {
    partition,
    region,
    'account-id': accountId,
    'queue-name': { default: 'MyQueue', describe: 'Queue the message comes from' },
    body: { default: 'Hello from SQS!', describe: 'Message body' },
  },
  build: (values) => ({
    Records: [
      {
        messageId: '19dd0b57-b21e-4ac1-bd88-01bbb068cb78',
        receiptHandle: 'MessageReceiptHandle',
        body: values.body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(SAMPLE_TIME.getTime()),
          SenderId: values['account-id'],
          ApproximateFirstReceiveTimestamp: String(SAMPLE_TIME.getTime() + 1),
        },
        messageAttributes: {},
        // SQS sends the body's MD5 so that a consumer can check it: it must match the body.
        md5OfBody: createHash('md5').update(values.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:${values.partition}:sqs:${values.region}:${values['account-id']}:${values['queue-name']}`,
        awsRegion: values.region,
      },
    ],
  }),
});

export const snsNotification = defineSampleEvent({
  service: 'sns',
  event: 'notification',
  describe: 'A message published to an SNS topic',
  parameters: {
    'account-id': accountId,
    partition,
    region,
    topic: { default: 'ExampleTopic', describe: 'Topic the message was published to' },
    subject: { default: 'example subject', describe: 'Message subject' },
    message: { default: 'example message', describe: 'Message text' },
  },
  build(values) {
    const topicArn = `arn:${values.partition}:sns:${values.region}:${values['account-id']}:${values.topic}`;
    return {
      Records: [
        {
          EventVersion: '1.0',
          EventSubscriptionArn: `${topicArn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
          EventSource: 'aws:sns',
          Sns: {
            SignatureVersion: '1',
            Timestamp: SAMPLE_TIME.toISOString(),
            Signature: 'EXAMPLE',
            SigningCertUrl: 'EXAMPLE',
            MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
            Message: values.message,
            MessageAttributes: {},
            Type: 'Notification',
            UnsubscribeUrl: 'EXAMPLE',
            TopicArn: topicArn,
            Subject: values.subject,
          },
        },
      ],
    };
  },
});
