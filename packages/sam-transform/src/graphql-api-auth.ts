import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet } from './sam-scope.ts';

type Props = Record<string, unknown>;

/** Authorizer type → the property holding its settings and the CloudFormation property it becomes. */
const AUTH_CONFIGS: ReadonlyMap<string, { property: string; config: string }> = new Map([
  ['AWS_LAMBDA', { property: 'LambdaAuthorizer', config: 'LambdaAuthorizerConfig' }],
  ['OPENID_CONNECT', { property: 'OpenIDConnect', config: 'OpenIDConnectConfig' }],
  ['AMAZON_COGNITO_USER_POOLS', { property: 'UserPool', config: 'UserPoolConfig' }],
]);

/** What a GraphQLApi's `Auth` sets on the AppSync API, and the Lambda authorizers that need invoke permissions. */
export interface GraphQLApiAuth {
  properties: Props;
  lambdaAuthorizerArns: unknown[];
}

/** samtranslator's `Auth` → `AuthenticationType`, its config, and `AdditionalAuthenticationProviders`. */
export function graphQLApiAuth(logicalId: string, auth: Props): GraphQLApiAuth {
  const lambdaAuthorizerArns: unknown[] = [];
  const { Additional: additional, ...primary } = auth;
  const properties: Props = { AuthenticationType: auth['Type'] };
  const main = authorizerConfig(logicalId, primary, undefined);
  if (main !== undefined) {
    properties[main.name] = main.config;
    if (main.name === 'LambdaAuthorizerConfig') lambdaAuthorizerArns.push(main.config['AuthorizerUri']);
  }
  const providers = (Array.isArray(additional) ? additional : []).map((entry: Props, index) => {
    const provider: Props = { AuthenticationType: entry['Type'] };
    const extra = authorizerConfig(logicalId, entry, index);
    if (extra !== undefined) {
      provider[extra.name] = extra.config;
      if (extra.name === 'LambdaAuthorizerConfig') lambdaAuthorizerArns.push(extra.config['AuthorizerUri']);
    }
    return provider;
  });
  if (providers.length > 0) properties['AdditionalAuthenticationProviders'] = providers;
  return { properties, lambdaAuthorizerArns };
}

function authorizerConfig(
  logicalId: string,
  authorizer: Props,
  index: number | undefined,
): { name: string; config: Props } | undefined {
  // samtranslator words the first additional authorizer's path like the primary one's (`not 0` is true).
  const at = index ? `'Auth.Additional.${index}'` : "'Auth'";
  if (Object.values(authorizer).filter(isSet).length > 2)
    throw new SamResourceError(logicalId, `${at} has more than one authentication configuration defined.`);
  const kind = AUTH_CONFIGS.get(authorizer['Type'] as string);
  if (kind === undefined) return undefined;
  const given = authorizer[kind.property];
  if (!isPlainObject(given))
    throw new SamResourceError(
      logicalId,
      `'${kind.property}' must be defined if type is '${String(authorizer['Type'])}'.`,
    );
  const config = withoutUnset(given);
  // Only the primary user pool has a DefaultAction.
  if (kind.property === 'UserPool' && index !== undefined) delete config['DefaultAction'];
  return { name: kind.config, config };
}

/** samtranslator's `LogConfig` and whether it needs the generated CloudWatch role (`Logging: false` → no logging). */
export function graphQLApiLogging(logging: unknown): { logConfig: Props; generatedRole: boolean } | undefined {
  if (logging === false) return undefined;
  if (!isPlainObject(logging)) return { logConfig: { FieldLogLevel: 'ALL' }, generatedRole: true };
  const logConfig: Props = {};
  if (logging['ExcludeVerboseContent']) logConfig['ExcludeVerboseContent'] = logging['ExcludeVerboseContent'];
  logConfig['FieldLogLevel'] = logging['FieldLogLevel'] || 'ALL';
  if (logging['CloudWatchLogsRoleArn']) {
    logConfig['CloudWatchLogsRoleArn'] = logging['CloudWatchLogsRoleArn'];
    return { logConfig, generatedRole: false };
  }
  return { logConfig, generatedRole: true };
}

/** A copy without the keys whose value is null (pydantic's unset fields). */
export function withoutUnset(value: Props): Props {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => isSet(item)));
}

/** The role AppSync assumes (for logging or a data source). */
export function appSyncRole(extra: Props = {}): Props {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['appsync.amazonaws.com'] } }],
      },
      ...extra,
    },
  };
}
