import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from '../function-event-source.ts';
import { eventError } from './event-target.ts';

/** The KMS decrypt statement for a `SecretsManagerKmsKeyId`. */
export function kmsDecryptStatement(keyId: unknown, action: unknown = ['kms:Decrypt']): Record<string, unknown> {
  return {
    Action: action,
    Effect: 'Allow',
    Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${String(keyId)}` },
  };
}

/** The secret statement samtranslator grants for an authentication URI. */
export function secretStatement(uri: unknown): Record<string, unknown> {
  return { Action: ['secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: uri };
}

/** Checks `SecretsManagerKmsKeyId` is a string, as samtranslator does before using it. */
export function checkKmsKeyId(context: FunctionEventContext): void {
  const keyId = context.properties['SecretsManagerKmsKeyId'];
  if (keyId && typeof keyId !== 'string')
    throw eventError(context, context.eventId, "Property 'SecretsManagerKmsKeyId' should be a string.");
}

/**
 * Validates `SourceAccessConfigurations` (MQ, DocumentDB) and returns the URI of the one entry of
 * `required` type, with samtranslator's messages.
 */
export function requiredAccessUri(
  context: FunctionEventContext,
  type: string,
  supported: readonly string[],
  required: string,
): unknown {
  const configs = context.properties['SourceAccessConfigurations'];
  const fail = (message: string) => eventError(context, context.eventId, message);
  if (!configs || (Array.isArray(configs) && configs.length === 0))
    throw fail(`No SourceAccessConfigurations for Amazon ${type} event provided.`);
  if (!Array.isArray(configs)) throw fail('Provided SourceAccessConfigurations cannot be parsed into a list.');
  let uri: unknown;
  configs.forEach((config, index) => {
    if (!isPlainObject(config)) throw fail(`Property 'SourceAccessConfigurations[${index}]' should be a map.`);
    const configType = config['Type'];
    if (typeof configType !== 'string')
      throw fail(`Property 'SourceAccessConfigurations[${index}].Type' should be a string.`);
    if (!supported.includes(configType))
      throw fail(
        `Invalid property Type specified in SourceAccessConfigurations. The supported values are: [${supported.map((s) => `'${s}'`).join(', ')}].`,
      );
    if (configType !== required) return;
    if (uri) throw fail(`Multiple ${required} properties specified in SourceAccessConfigurations.`);
    uri = config['URI'];
    if (!uri) throw fail(`No ${required} URI property specified in SourceAccessConfigurations.`);
  });
  if (!uri) throw fail(`No ${required} property specified in SourceAccessConfigurations.`);
  return uri;
}
