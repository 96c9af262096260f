import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

// Each fixture in fixtures/sam-api/ is transformed and compared with samtranslator 1.110's output for it
// (recorded beside it as <name>.samtranslator.json, made in us-east-1 by test/support/sam-translate.py),
// lists compared sorted as samtranslator's own translator tests compare them.
const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/sam-api/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** JSON with object keys and lists sorted, so that two templates compare by content. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value))
    return value
      .map(canonical)
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

function transformed(name: string): Record<string, unknown> {
  const result = transformSam(read(`${name}.json`), { region: 'us-east-1', accountId: '123456789012' });
  expect(result.errors).toEqual([]);
  return result.template;
}

describe('AWS::Serverless::Api features, as samtranslator generates them', () => {
  it('Auth: Cognito, Lambda TOKEN and REQUEST authorizers, DefaultAuthorizer, ApiKeyRequired, AWS_IAM, ResourcePolicy, event overrides and authorizer permissions', () => {
    expect(canonical(transformed('auth'))).toEqual(canonical(read('auth.samtranslator.json')));
  });

  it('RequestModel and RequestParameters on an OpenAPI 3 Api with Models', () => {
    expect(canonical(transformed('request-model'))).toEqual(canonical(read('request-model.samtranslator.json')));
  });

  it('MergeDefinitions with BinaryMediaTypes, DisableExecuteApiEndpoint and a response-streaming event', () => {
    expect(canonical(transformed('merge'))).toEqual(canonical(read('merge.samtranslator.json')));
  });

  it('Cors (from Globals, a string, OPTIONS methods once per path) and GatewayResponses', () => {
    expect(canonical(transformed('cors-responses'))).toEqual(canonical(read('cors-responses.samtranslator.json')));
  });

  it('Domain: REGIONAL with mTLS and base paths, EDGE and PRIVATE domains, a shared and a separate Route53 RecordSetGroup', () => {
    expect(canonical(transformed('domain'))).toEqual(canonical(read('domain.samtranslator.json')));
  });

  it('UsagePlans: PER_API, and SHARED by Apis with conditions and deletion policies', () => {
    expect(canonical(transformed('usage-plans'))).toEqual(canonical(read('usage-plans.samtranslator.json')));
  });

  it('the implicit API: Condition and path conditions from conditional functions, DeletionPolicy and UpdateReplacePolicy, events in Path order', () => {
    expect(canonical(transformed('implicit-conditions'))).toEqual(
      canonical(read('implicit-conditions.samtranslator.json')),
    );
  });

  it('PropagateTags: an Api tags what it generates; a function gives its tags to the implicit API', () => {
    expect(canonical(transformed('propagate-tags'))).toEqual(canonical(read('propagate-tags.samtranslator.json')));
  });

  it('reports an event authorizer the Api does not define, in samtranslator words', () => {
    const template = read('auth.json');
    const resources = template['Resources'] as Record<string, { Properties: Record<string, unknown> }>;
    const events = resources['Fn']!.Properties['Events'] as Record<string, { Properties: Record<string, unknown> }>;
    events['Get']!.Properties['Auth'] = { Authorizer: 'Missing' };
    expect(transformSam(template, { region: 'us-east-1', accountId: '123456789012' }).errors).toEqual([
      "Resource with id [Fn] is invalid. Event with id [Get] is invalid. Unable to set Authorizer [Missing] on API method [get] for path [/items] because it wasn't defined in the API's Authorizers.",
    ]);
  });
});
