import { describe, expect, it } from 'vitest';
import { matchRestRoute, restRoutes, safeDecode } from '../src/protocols/rest-routes.ts';
import { matchRoute } from '../src/plugins/lambda/lambda-routes.ts';
import { matchSignerRoute } from '../src/plugins/signer/signer-routes.ts';

const table = restRoutes([
  ['GET', '/things', 'ListThings'],
  ['GET', '/things/{Name}', 'GetThing'],
  ['PUT', '/things/{Name}/parts/{Part}', 'PutPart'],
] as const);

describe('the shared REST route matcher', () => {
  it('matches method and literal segments, and decodes each label after splitting the raw path', () => {
    const match = matchRestRoute(table, 'PUT', '/things/arn%3Aaws%3Ax%2Fy/parts/p%20q/');
    expect(match?.target).toBe('PutPart');
    expect({ ...match?.params }).toEqual({ Name: 'arn:aws:x/y', Part: 'p q' });
    expect(matchRestRoute(table, 'DELETE', '/things/a')).toBeUndefined();
    expect(matchRestRoute(table, 'GET', '/things//')?.target).toBe('ListThings');
    expect(matchRestRoute(table, 'GET', '/things/a/b')).toBeUndefined();
  });

  it('gives labels in a record without a prototype, so a label named like a prototype key stays data', () => {
    const match = matchRestRoute(table, 'GET', '/things/__proto__');
    expect(Object.getPrototypeOf(match?.params)).toBeNull();
    expect(match?.params['Name']).toBe('__proto__');
    expect(match?.params['toString']).toBeUndefined();
  });

  it('keeps a malformed escape as sent instead of throwing', () => {
    expect(safeDecode('%zz%41')).toBe('%zz%41');
    expect(matchRestRoute(table, 'GET', '/things/%E0%A4%A')?.params['Name']).toBe('%E0%A4%A');
  });

  it('serves both the Lambda and the Signer route tables', () => {
    expect(matchRoute('GET', '/2015-03-31/functions/my%3Afn/aliases/live')?.params).toMatchObject({
      FunctionName: 'my:fn',
      Name: 'live',
    });
    expect(
      matchSignerRoute('DELETE', '/tags/arn%3Aaws%3Asigner%3Aus-east-1%3A1%3A%2Fsigning-profiles%2FP'),
    ).toMatchObject({
      operation: 'UntagResource',
      params: { resourceArn: 'arn:aws:signer:us-east-1:1:/signing-profiles/P' },
    });
    expect(matchSignerRoute('GET', '/signing-profiles/')?.operation).toBe('ListSigningProfiles');
  });
});
