import { accountId, defineSampleEvent, partition, region } from './sample-event.ts';

const parameters = {
  'account-id': accountId,
  partition,
  region,
  stack: { default: 'MyStack', describe: 'Stack the custom resource belongs to' },
  'logical-id': { default: 'MyTestResource', describe: "The custom resource's logical id" },
} as const;

type Values = Readonly<Record<keyof typeof parameters, string>>;

/** What every custom resource request carries; `ResponseURL` is where the function must PUT its answer. */
function customResourceRequest(values: Values, requestType: string) {
  const serviceToken = `arn:${values.partition}:lambda:${values.region}:${values['account-id']}:function:custom-resource-handler`;
  return {
    RequestType: requestType,
    ServiceToken: serviceToken,
    ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/presigned-response-url',
    StackId: `arn:${values.partition}:cloudformation:${values.region}:${values['account-id']}:stack/${values.stack}/5b918d10-cd98-11ea-90d5-0a9cd3354c10`,
    RequestId: 'e2fc8f5c-0391-4a65-a645-7c695646739c',
    LogicalResourceId: values['logical-id'],
    ResourceType: 'Custom::TestResource',
    ResourceProperties: { ServiceToken: serviceToken, StackName: values.stack, List: ['1', '2', '3'] },
  };
}

const PHYSICAL_ID = 'MyTestResource-1a2b3c4d';

export const cloudformationCreateRequest = defineSampleEvent({
  service: 'cloudformation',
  event: 'create-request',
  describe: 'A custom resource Create request',
  parameters,
  build: (values) => customResourceRequest(values, 'Create'),
});

export const cloudformationUpdateRequest = defineSampleEvent({
  service: 'cloudformation',
  event: 'update-request',
  describe: 'A custom resource Update request, with the old properties',
  parameters,
  build(values) {
    const request = customResourceRequest(values, 'Update');
    return {
      ...request,
      PhysicalResourceId: PHYSICAL_ID,
      OldResourceProperties: { ...request.ResourceProperties, List: ['1', '2'] },
    };
  },
});

export const cloudformationDeleteRequest = defineSampleEvent({
  service: 'cloudformation',
  event: 'delete-request',
  describe: 'A custom resource Delete request',
  parameters,
  build: (values) => ({ ...customResourceRequest(values, 'Delete'), PhysicalResourceId: PHYSICAL_ID }),
});
