import { codeZip } from './lambda-invoke-fixtures.ts';

/**
 * A function that echoes the event it got, and answers some paths otherwise: `fail` throws,
 * `malformed` answers no statusCode, `shorthand` a bare object, `binary` base64 bytes.
 */
export const ECHO_CODE = codeZip({
  'index.js': `exports.handler = async (event) => {
  const path = event.rawPath ?? event.path ?? '';
  if (path.includes('fail')) throw new Error('boom');
  if (path.includes('malformed')) return { hello: 'no statusCode' };
  if (path.includes('shorthand')) return { shorthand: true };
  if (path.includes('binary'))
    return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true,
             body: Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.from(event.body ?? '', 'base64')]).toString('base64') };
  const multi = event.version === '2.0' ? {} : { multiValueHeaders: { 'x-many': ['b', 'c'] } };
  return { statusCode: 201, headers: { 'content-type': 'application/json', 'x-one': 'a' }, ...multi, body: JSON.stringify(event) };
};
`,
});

/**
 * An authorizer for every kind API Gateway calls, counting its calls (`calls` in the context shows
 * whether a result came from the cache). REST TOKEN tokens: `Bearer allow` allows the whole stage,
 * `Bearer narrow` only the method ARN it was asked about, `Bearer deny` denies explicitly,
 * `Bearer elsewhere` allows another API (an implicit deny), `Bearer unauthorized` throws
 * `Unauthorized`, `Bearer broken` answers no policy. REQUEST events allow the `X-User` header's
 * user; format 2.0 simple responses authorize the identity `let-me-in`.
 */
export const AUTHORIZER_CODE = codeZip({
  'index.js': `let calls = 0;
const policy = (effect, resource, context) => ({
  principalId: 'user-1',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  context: { calls, ...context },
});
exports.handler = async (event) => {
  calls++;
  if (event.version === '2.0')
    return { isAuthorized: event.identitySource[0] === 'let-me-in', context: { calls, user: 'ada', routeArn: event.routeArn, nested: { ok: true } } };
  if (event.version === '1.0') return policy('Allow', '*', { identitySource: event.identitySource, type: event.type });
  if (event.type === 'REQUEST')
    return policy('Allow', event.methodArn, { user: event.headers['X-User'], q: event.queryStringParameters.q, methodArn: event.methodArn, body: String(event.body) });
  const stage = event.methodArn.split('/').slice(0, 2).join('/');
  switch (event.authorizationToken) {
    case 'Bearer allow': return policy('Allow', stage + '/*', { token: event.authorizationToken, flag: true, count: 7 });
    case 'Bearer narrow': return policy('Allow', event.methodArn, {});
    case 'Bearer deny': return { ...policy('Allow', '*', {}), policyDocument: { Version: '2012-10-17', Statement: [
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }, { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: event.methodArn }] } };
    case 'Bearer elsewhere': return policy('Allow', 'arn:aws:execute-api:*:*:otherapi/*', {});
    case 'Bearer unauthorized': throw new Error('Unauthorized');
    default: return { principalId: 'no-policy' };
  }
};
`,
});
