import { defineSampleEvent, partition, region, SAMPLE_TIME } from './sample-event.ts';

const bucket = { default: 'example-bucket', describe: 'Bucket the object is in' };
const key = { default: 'test/key', describe: 'Object key (URL-encoded in the event, as S3 sends it)' };

/**
 * S3 notification keys are form-encoded (a space is `+`), but `/` stays as it is;
 * handlers are expected to decode them, so the sample must be encoded too.
 */
function notificationKey(objectKey: string): string {
  return encodeURIComponent(objectKey).replaceAll('%2F', '/').replaceAll('%20', '+');
}

function s3Record(values: { region: string; partition: string; bucket: string }, eventName: string, object: object) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: values.region,
    eventTime: SAMPLE_TIME.toISOString(),
    eventName,
    userIdentity: { principalId: 'EXAMPLE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': 'EXAMPLE123456789',
      'x-amz-id-2': 'EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'testConfigRule',
      bucket: {
        name: values.bucket,
        ownerIdentity: { principalId: 'EXAMPLE' },
        arn: `arn:${values.partition}:s3:::${values.bucket}`,
      },
      object,
    },
  };
}

export const s3Put = defineSampleEvent({
  service: 's3',
  event: 'put',
  describe: 'An object was created (ObjectCreated:Put)',
  parameters: { region, partition, bucket, key },
  build: (values) => ({
    Records: [
      s3Record(values, 'ObjectCreated:Put', {
        key: notificationKey(values.key),
        size: 1024,
        eTag: '0123456789abcdef0123456789abcdef',
        sequencer: '0A1B2C3D4E5F678901',
      }),
    ],
  }),
});

export const s3Delete = defineSampleEvent({
  service: 's3',
  event: 'delete',
  describe: 'An object was deleted (ObjectRemoved:Delete)',
  parameters: { region, partition, bucket, key },
  build: (values) => ({
    Records: [
      s3Record(values, 'ObjectRemoved:Delete', { key: notificationKey(values.key), sequencer: '0A1B2C3D4E5F678901' }),
    ],
  }),
});
