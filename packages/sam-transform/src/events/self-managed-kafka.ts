import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext, FunctionEventSource } from '../function-event-source.ts';
import { eventError } from './event-target.ts';
import { schemaRegistryStatements } from './kafka-schema-registry.ts';
import { pullEventSource } from './pull-event-source.ts';
import { checkKmsKeyId, kmsDecryptStatement, secretStatement } from './source-access.ts';

const AUTH_MECHANISMS = ['SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH'];

/** The network-interface permissions a VPC-reaching event source needs. */
export function vpcNetworkStatement(): Record<string, unknown> {
  return {
    Action: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeVpcs',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
    ],
    Effect: 'Allow',
    Resource: '*',
  };
}

/** `SelfManagedKafka`: a mapping to the bootstrap servers, and a policy for its secrets, VPC and schema registry. */
export const selfManagedKafkaEventSource: FunctionEventSource = (context) =>
  pullEventSource({ type: 'SelfManagedKafka', policies: () => [kafkaPolicy(context)] }, context);

function kafkaPolicy(context: FunctionEventContext): Record<string, unknown> {
  const p = context.properties;
  const fail = (message: string) => eventError(context, context.eventId, message);
  if (
    !p['KafkaBootstrapServers'] ||
    (Array.isArray(p['KafkaBootstrapServers']) && p['KafkaBootstrapServers'].length === 0)
  )
    throw fail('No KafkaBootstrapServers provided for self managed kafka as an event source');
  const topics = p['Topics'];
  if (!topics || (Array.isArray(topics) && topics.length === 0))
    throw fail('No Topics provided for self managed kafka as an event source');
  // samtranslator takes len() of whatever is given: an intrinsic (one key) counts as one entry.
  const count = Array.isArray(topics) ? topics.length : isPlainObject(topics) ? Object.keys(topics).length : 0;
  if (count !== 1) throw fail('Topics for self managed kafka only supports single configuration entry.');
  const configs = p['SourceAccessConfigurations'];
  if (!configs || (Array.isArray(configs) && configs.length === 0))
    throw fail('No SourceAccessConfigurations for self managed kafka event provided.');
  if (!Array.isArray(configs)) throw fail('SourceAccessConfigurations for self managed kafka event should be a list.');

  let authUri: unknown;
  let rootCaUri: unknown;
  let subnet = false;
  let securityGroup = false;
  const checkUri = (uri: unknown, what: string) => {
    const where = 'URI property specified in SourceAccessConfigurations for self managed kafka event.';
    if (!uri) throw fail(`No ${what} ${where}`);
    if (typeof uri !== 'string' && !isPlainObject(uri)) throw fail(`Wrong Type for ${what} ${where}`);
  };
  for (const config of configs) {
    if (!isPlainObject(config)) throw fail("Property 'SourceAccessConfigurations' should be a map.");
    const type = config['Type'];
    if (type === 'VPC_SUBNET' || type === 'VPC_SECURITY_GROUP') {
      checkUri(config['URI'], type);
      if (type === 'VPC_SUBNET') subnet = true;
      else securityGroup = true;
    } else if (typeof type === 'string' && AUTH_MECHANISMS.includes(type)) {
      if (authUri)
        throw fail(
          'Multiple auth mechanism properties specified in SourceAccessConfigurations for self managed kafka event.',
        );
      checkUri(config['URI'], 'auth mechanism');
      authUri = config['URI'];
    } else if (type === 'SERVER_ROOT_CA_CERTIFICATE') {
      checkUri(config['URI'], 'SERVER_ROOT_CA_CERTIFICATE');
      rootCaUri = config['URI'];
    } else {
      throw fail('Invalid SourceAccessConfigurations Type provided for self managed kafka event.');
    }
  }
  if (subnet !== securityGroup)
    throw fail(
      'VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka must be both provided.',
    );

  const statements: Array<Record<string, unknown>> = [];
  if (authUri) statements.push(secretStatement(authUri));
  // samtranslator grants the authentication secret (not the CA certificate's) a second time here.
  if (rootCaUri) statements.push(secretStatement(authUri));
  if (subnet && securityGroup) statements.push(vpcNetworkStatement());
  if (p['SecretsManagerKmsKeyId']) {
    checkKmsKeyId(context);
    statements.push(kmsDecryptStatement(p['SecretsManagerKmsKeyId']));
  }
  statements.push(...schemaRegistryStatements(context));
  return {
    PolicyDocument: { Statement: statements, Version: '2012-10-17' },
    PolicyName: 'SelfManagedKafkaExecutionRolePolicy',
  };
}
