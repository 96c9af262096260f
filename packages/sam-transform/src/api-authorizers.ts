import { isPyDict, plainDict, Py27Dict, py27Dict, pyString } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { pythonStr, truthy } from './swagger-editor.ts';

const str = (text: string) => new PyStr(text);
const isSetValue = (value: unknown) => value !== undefined && value !== null;

/** One of an Api's `Auth.Authorizers` (or the AWS_IAM default), as samtranslator's ApiGatewayAuthorizer holds it. */
export interface ApiAuthorizer {
  apiId: string;
  name: string;
  userPoolArn: unknown;
  functionArn: unknown;
  identity: unknown;
  functionPayloadType: unknown;
  functionInvokeRole: unknown;
  isAwsIam: boolean;
  authorizationScopes: unknown;
  disableFunctionDefaultPermissions: unknown;
}

/** `_get_authorizers`: the Api's authorizers by name (AWS_IAM first when it is the default), validated. */
export function apiAuthorizers(
  apiId: string,
  config: unknown,
  defaultAuthorizer?: unknown,
): Map<string, ApiAuthorizer> | undefined {
  const authorizers = new Map<string, ApiAuthorizer>();
  if (pyString(defaultAuthorizer) === 'AWS_IAM')
    authorizers.set('AWS_IAM', authorizer(apiId, 'AWS_IAM', new Py27Dict(), true));
  if (!truthy(config)) return authorizers.has('AWS_IAM') ? authorizers : undefined;
  if (!isPyDict(config)) throw new SamResourceError(apiId, "Property 'Auth.Authorizers' should be a map.");
  for (const [key, value] of config.items()) {
    const name = pythonStr(key);
    if (!isPyDict(value)) throw new SamResourceError(apiId, `Property 'Auth.Authorizers.${name}' should be a map.`);
    authorizers.set(name, authorizer(apiId, name, value, false));
  }
  return authorizers;
}

function authorizer(apiId: string, name: string, config: Py27Dict, isAwsIam: boolean): ApiAuthorizer {
  const result: ApiAuthorizer = {
    apiId,
    name,
    userPoolArn: config.get('UserPoolArn'),
    functionArn: config.get('FunctionArn'),
    identity: config.get('Identity'),
    functionPayloadType: config.get('FunctionPayloadType'),
    functionInvokeRole: config.get('FunctionInvokeRole'),
    isAwsIam,
    authorizationScopes: config.get('AuthorizationScopes') ?? [],
    disableFunctionDefaultPermissions: config.has('DisableFunctionDefaultPermissions')
      ? config.get('DisableFunctionDefaultPermissions')
      : false,
  };
  const payload = result.functionPayloadType;
  if (isSetValue(payload) && payload !== 'TOKEN' && payload !== 'REQUEST')
    throw new SamResourceError(apiId, `${name} Authorizer has invalid 'FunctionPayloadType': ${pythonStr(payload)}.`);
  if (payload === 'REQUEST' && missingIdentitySource(apiId, result))
    throw new SamResourceError(
      apiId,
      `${name} Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context.`,
    );
  if (isSetValue(result.authorizationScopes) && !Array.isArray(result.authorizationScopes))
    throw new SamResourceError(apiId, `Property 'Authorizers.${name}.AuthorizationScopes' should be a list.`);
  const disable = result.disableFunctionDefaultPermissions;
  if (isSetValue(disable) && typeof disable !== 'boolean')
    throw new SamResourceError(
      apiId,
      `Property 'Authorizers.${name}.DisableFunctionDefaultPermissions' should be a boolean.`,
    );
  return result;
}

function missingIdentitySource(apiId: string, a: ApiAuthorizer): boolean {
  if (!truthy(a.identity)) return true;
  if (!isPyDict(a.identity))
    throw new SamResourceError(apiId, `Property 'Authorizer.${a.name}.Identity' should be a map.`);
  const identity = a.identity;
  const missing = ['Headers', 'QueryStrings', 'StageVariables', 'Context'].every((key) => !truthy(identity.get(key)));
  const ttl = identity.get('ReauthorizeEvery');
  if (ttl === undefined || ttl === null) return missing;
  const seconds =
    typeof ttl === 'number'
      ? Math.trunc(ttl)
      : typeof ttl === 'string' && /^\s*[-+]?\d+\s*$/.test(ttl)
        ? Number(ttl)
        : undefined;
  if (seconds === undefined) return missing;
  return seconds > 0 && missing;
}

const typeOf = (a: ApiAuthorizer) => (a.isAwsIam ? 'AWS_IAM' : truthy(a.userPoolArn) ? 'COGNITO_USER_POOLS' : 'LAMBDA');
const payloadOf = (a: ApiAuthorizer) => (truthy(a.functionPayloadType) ? pythonStr(a.functionPayloadType) : 'TOKEN');

/** `ApiGatewayAuthorizer.generate_swagger`: the authorizer's securityDefinitions entry. */
export function authorizerSwagger(a: ApiAuthorizer, partition: string): Py27Dict {
  const type = typeOf(a);
  const payload = payloadOf(a);
  const identity = isPyDict(a.identity) ? a.identity : undefined;
  if (truthy(a.identity) && identity === undefined)
    throw new SamResourceError(
      a.apiId,
      'Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity).',
    );
  const header =
    type === 'LAMBDA' && payload === 'REQUEST'
      ? str('Unused')
      : truthy(identity?.get('Header'))
        ? identity!.get('Header')
        : str('Authorization');
  const swagger = py27Dict([
    ['type', str('apiKey')],
    ['name', header],
    ['in', str('header')],
    [
      'x-amazon-apigateway-authtype',
      str(type === 'AWS_IAM' ? 'awsSigv4' : type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom'),
    ],
  ]);
  const key = str('x-amazon-apigateway-authorizer');
  if (type === 'COGNITO_USER_POOLS') {
    swagger.set(
      key,
      py27Dict([
        ['type', str('cognito_user_pools')],
        ['providerARNs', Array.isArray(a.userPoolArn) ? a.userPoolArn : [a.userPoolArn]],
      ]),
    );
  } else if (type === 'LAMBDA') {
    const details = py27Dict([['type', str(payload === 'REQUEST' ? 'request' : 'token')]]);
    swagger.set(key, details);
    const uri = `arn:${partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${__FunctionArn__}/invocations`;
    details.set(
      str('authorizerUri'),
      plainDict([[str('Fn::Sub'), [str(uri), plainDict([[str('__FunctionArn__'), a.functionArn]])]]]),
    );
    const ttl = identity?.get('ReauthorizeEvery');
    if (truthy(identity) && ttl !== undefined && ttl !== null) details.set(str('authorizerResultTtlInSeconds'), ttl);
    if (truthy(a.functionInvokeRole) && pyString(a.functionInvokeRole) !== 'NONE')
      details.set(str('authorizerCredentials'), a.functionInvokeRole);
    if (payload === 'REQUEST') {
      const source = identitySource(a, identity);
      if (truthy(source)) details.set(str('identitySource'), source);
    }
  }
  if (type === 'COGNITO_USER_POOLS' || (type === 'LAMBDA' && payload === 'TOKEN')) {
    const expression = identity?.get('ValidationExpression');
    if (truthy(identity) && truthy(expression))
      (swagger.get(key) as Py27Dict).set(str('identityValidationExpression'), expression);
  }
  return swagger;
}

/** `_get_identity_source`: the identity sources joined by `, ` (a template string if any part came from the template). */
function identitySource(a: ApiAuthorizer, identity: Py27Dict | undefined): unknown {
  if (identity === undefined) return '';
  const parts: string[] = [];
  const prefixes: Array<[string, string]> = [
    ['Headers', 'method.request.header.'],
    ['QueryStrings', 'method.request.querystring.'],
    ['StageVariables', 'stageVariables.'],
    ['Context', 'context.'],
  ];
  for (const [key, prefix] of prefixes) {
    const values = identity.get(key);
    if (!truthy(values)) continue;
    const propertyPath = `Auth.Authorizers.${a.name}.Identity.${key}`;
    if (!Array.isArray(values)) throw new SamResourceError(a.apiId, `Property '${propertyPath}' should be a list.`);
    values.forEach((value, index) => {
      if (typeof value !== 'string' && !(value instanceof PyStr))
        throw new SamResourceError(a.apiId, `Property '${propertyPath}[${index}]' should be a string.`);
      parts.push(prefix + pythonStr(value));
    });
  }
  // Identity values come from the template, so the joined text is a template string when there is any.
  return parts.length > 0 ? parts.join(', ') : str('');
}
