import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext, FunctionEventSource } from '../function-event-source.ts';
import { resolveParameterRefs } from '../sam-parameter-refs.ts';
import { isSet } from '../sam-scope.ts';
import { eventError, eventLogicalId, eventResource, functionArn } from './event-target.ts';
import { pullEventSource } from './pull-event-source.ts';
import { pushPermission } from './push-permission.ts';

type Resources = Record<string, Record<string, unknown>>;

/**
 * `SNS`: a lambda subscription and a permission; with `SqsSubscription`, the topic feeds a queue
 * (generated when `true`, the given one otherwise) that the function polls.
 */
export const snsEventSource: FunctionEventSource = (context) => {
  const p = context.properties;
  const sqs = p['SqsSubscription'];
  if (!sqs) {
    return {
      ...pushPermission(context, { principal: 'sns.amazonaws.com', sourceArn: p['Topic'] }),
      ...subscription(context, 'lambda', functionArn(context)),
    };
  }
  const id = eventLogicalId(context);
  if (typeof sqs === 'boolean') {
    const queueId = `${id}Queue`;
    const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
    const fifo = fifoTopic(context);
    const queue = eventResource(context, 'AWS::SQS::Queue', fifo ? { FifoQueue: fifo } : {});
    return {
      ...queueMapping(context, queueArn),
      [queueId]: queue,
      ...queuePolicy(context, queueArn, { Ref: queueId }, `${id}QueuePolicy`),
      ...subscription(context, 'sqs', queueArn),
    };
  }
  if (!isPlainObject(sqs)) throw eventError(context, context.eventId, "Property 'SqsSubscription' should be a map.");
  const queueArn = sqs['QueueArn'];
  const queueUrl = sqs['QueueUrl'];
  if (!queueArn || !queueUrl) throw eventError(context, context.eventId, 'No QueueARN or QueueURL provided.');
  const policyId = sqs['QueuePolicyLogicalId'] ? String(sqs['QueuePolicyLogicalId']) : `${id}QueuePolicy`;
  return {
    ...queueMapping(context, queueArn, sqs['BatchSize'], sqs['Enabled']),
    ...queuePolicy(context, queueArn, queueUrl, policyId),
    ...subscription(context, 'sqs', queueArn),
  };
};

function subscription(context: FunctionEventContext, protocol: string, endpoint: unknown): Resources {
  const p = context.properties;
  const properties: Record<string, unknown> = { Protocol: protocol, Endpoint: endpoint, TopicArn: p['Topic'] };
  for (const name of ['Region', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy'])
    if (isSet(p[name])) properties[name] = p[name];
  return { [eventLogicalId(context)]: eventResource(context, 'AWS::SNS::Subscription', properties) };
}

/** The SQS mapping samtranslator generates for the queue, as an SQS event named `<Event>EventSourceMapping`. */
function queueMapping(
  context: FunctionEventContext,
  queueArn: unknown,
  batchSize?: unknown,
  enabled?: unknown,
): Resources {
  // samtranslator sets Enabled to true whatever SqsSubscription.Enabled says.
  void enabled;
  return pullEventSource(
    { type: 'SQS', arnProperty: 'Queue', managedPolicy: 'service-role/AWSLambdaSQSQueueExecutionRole' },
    {
      ...context,
      eventId: `${context.eventId}EventSourceMapping`,
      properties: { Queue: queueArn, BatchSize: batchSize || 10, Enabled: true },
    },
  );
}

function queuePolicy(context: FunctionEventContext, queueArn: unknown, queueUrl: unknown, id: string): Resources {
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'sqs:SendMessage',
        Effect: 'Allow',
        Principal: '*',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': context.properties['Topic'] } },
      },
    ],
  };
  return { [id]: eventResource(context, 'AWS::SQS::QueuePolicy', { PolicyDocument: document, Queues: [queueUrl] }) };
}

/** A FIFO topic of the template needs a FIFO queue: its `FifoTopic` value, parameters resolved. */
function fifoTopic(context: FunctionEventContext): unknown {
  const topic = context.properties['Topic'];
  let topicId: unknown;
  if (isPlainObject(topic) && 'Ref' in topic) topicId = topic['Ref'];
  else if (isPlainObject(topic) && Array.isArray(topic['Fn::GetAtt'])) topicId = topic['Fn::GetAtt'][0];
  if (typeof topicId !== 'string' || !Object.hasOwn(context.scope.resources, topicId)) return undefined;
  const resource = context.scope.resources[topicId];
  const properties = isPlainObject(resource) && isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  return resolveParameterRefs(properties['FifoTopic'] ?? false, context.scope.parameters);
}
