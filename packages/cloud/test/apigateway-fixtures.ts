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
