import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ServiceError,
  expandQueryParams,
  jsonResponse,
  parseXml,
  readJsonBody,
  readQueryRequest,
  toXml,
  xmlDocument,
  type ServiceRequest,
} from '../src/index.ts';
import { MAX_QUERY_NAME_SEGMENTS } from '../src/protocols/query.ts';
import { matchRoute } from '../src/plugins/lambda/lambda-routes.ts';
import { matchSignerRoute } from '../src/plugins/signer/signer-routes.ts';
import { isLoopbackHost } from '../src/request-guard.ts';
import { credentialScope, virtualHostBucket } from '../src/router.ts';
import { toServiceRequest } from '../src/server-request.ts';

/** What Object.prototype holds before any fuzzing: names and the values behind them. */
const prototypeBefore = new Map(
  Object.getOwnPropertyNames(Object.prototype).map((name) => [
    name,
    Object.getOwnPropertyDescriptor(Object.prototype, name),
  ]),
);
const arrayPrototypeBefore = Object.getOwnPropertyNames(Array.prototype).sort();

// A hundred runs per property keeps the whole file within a few seconds.
const RUNS = { numRuns: 100 };

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype'];
/** Names an attacker would try, names the codecs treat specially, and anything at all. */
const hostileName = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_NAMES,
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineSetter__',
    'x-amz-copy-source',
    'member',
    'entry',
    'key',
    'value',
    '1',
    '2',
    '01',
  ),
  fc.string({ maxLength: 8 }),
);
const hostileQueryName = fc.array(hostileName, { minLength: 1, maxLength: 24 }).map((segments) => segments.join('.'));
const safeName = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,7}$/).filter((name) => !['Member', 'Entry'].includes(name));

/** Every object reachable from `value` is an array or has no prototype, and no key is a prototype name. */
function assertPrototypeFree(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach(assertPrototypeFree);
    return;
  }
  if (Object.getPrototypeOf(value) !== null) throw new Error(`an object with a prototype: ${JSON.stringify(value)}`);
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_NAMES.includes(key)) throw new Error(`a prototype name as key: ${key}`);
    assertPrototypeFree((value as Record<string, unknown>)[key]);
  }
}

/** Whether a codec's error is its refusal of a bad name (a 400 ServiceError), not a crash. */
function refusable(error: unknown): boolean {
  return error instanceof ServiceError && error.status === 400;
}

/** A ServiceRequest whose body is `body`: the codecs read nothing else of it. */
function requestWith(
  body: string | Buffer,
  headers: Record<string, string> = {},
  query = new URLSearchParams(),
): ServiceRequest {
  const bytes = Buffer.from(body);
  return {
    method: 'POST',
    path: '/',
    rawPath: '/',
    query,
    headers: { 'content-length': String(bytes.length), ...headers },
    scope: undefined,
    virtualHostBucket: undefined,
    stream: undefined as never,
    readBody: () => Promise.resolve(bytes),
  };
}

/** The AWS query encoding of a structure: lists as `member.N`, structures as dotted names. */
type QueryShape = string | QueryShape[] | { [name: string]: QueryShape };
function flatten(shape: QueryShape, prefix: string, out: Record<string, string>): void {
  if (typeof shape === 'string') out[prefix] = shape;
  else if (Array.isArray(shape)) shape.forEach((item, index) => flatten(item, `${prefix}.member.${index + 1}`, out));
  else for (const [name, value] of Object.entries(shape)) flatten(value, prefix ? `${prefix}.${name}` : name, out);
}
const queryShape: fc.Arbitrary<{ [name: string]: QueryShape }> = fc.letrec<{
  struct: { [name: string]: QueryShape };
  value: QueryShape;
}>((tie) => ({
  struct: fc.dictionary(safeName, tie('value'), { minKeys: 1, maxKeys: 4 }),
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
    fc.array(tie('struct'), { minLength: 1, maxLength: 2 }),
    tie('struct'),
  ),
})).struct;

describe('query codec', () => {
  it('expands any names into prototype-free objects or refuses them with a 400', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileQueryName, fc.string()), { maxLength: 12 }), (pairs) => {
        const flat = Object.fromEntries(pairs);
        try {
          assertPrototypeFree(expandQueryParams(flat));
        } catch (error) {
          if (!refusable(error)) throw error;
        }
      }),
      RUNS,
    );
  });

  it('refuses every name with a prototype segment', () => {
    fc.assert(
      fc.property(
        fc.array(safeName, { maxLength: 3 }),
        fc.constantFrom(...PROTOTYPE_NAMES),
        fc.array(safeName, { maxLength: 3 }),
        (before, bad, after) => {
          const name = [...before, bad, ...after].join('.');
          expect(() => expandQueryParams(Object.fromEntries([[name, 'x']]))).toThrow(ServiceError);
        },
      ),
      RUNS,
    );
  });

  it('round-trips structures, lists and strings through the AWS query encoding', () => {
    fc.assert(
      fc.property(queryShape, (shape) => {
        const flat: Record<string, string> = {};
        flatten(shape, '', flat);
        fc.pre(Object.keys(flat).every((name) => name.split('.').length <= MAX_QUERY_NAME_SEGMENTS));
        expect(expandQueryParams(flat)).toEqual(shape);
      }),
      RUNS,
    );
  });

  it('reads hostile URL and form names from a request into null-prototype records', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(hostileQueryName, fc.string()), { maxLength: 8 }),
        fc.array(fc.tuple(hostileQueryName, fc.string()), { maxLength: 8 }),
        async (inUrl, inBody) => {
          const body = new URLSearchParams([['Action', 'Probe'], ...inBody]).toString();
          try {
            const read = await readQueryRequest(requestWith(body, {}, new URLSearchParams(inUrl)));
            expect(Object.getPrototypeOf(read.flat)).toBeNull();
            assertPrototypeFree(read.params);
          } catch (error) {
            if (!refusable(error)) throw error;
          }
        },
      ),
      RUNS,
    );
  });
});

/**
 * Whether a JSON text has a prototype name as a key (at any depth), read by `JSON.parse`, which
 * keeps such keys as own properties. The same name as a value is no key and must be accepted.
 */
function namesPrototypeKey(text: string): boolean {
  let found = false;
  JSON.parse(text, (key, value: unknown) => {
    if (PROTOTYPE_NAMES.includes(key)) found = true;
    return value;
  });
  return found;
}

describe('rest-json codec', () => {
  const jsonText = fc.jsonValue().map((value) => JSON.stringify(value));
  const hostileObjectText = fc
    .array(
      fc.tuple(
        hostileName,
        fc.oneof(
          fc.jsonValue({ maxDepth: 1 }),
          jsonText.map((text) => JSON.parse(text) as unknown),
        ),
      ),
      { maxLength: 6 },
    )
    .map(
      (entries) =>
        `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`,
    );

  it('round-trips what jsonResponse writes through readJsonBody', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(safeName, fc.jsonValue({ maxDepth: 3 })), async (value) => {
        const sent = jsonResponse(200, value);
        fc.pre(!PROTOTYPE_NAMES.some((name) => (sent.body as string).includes(JSON.stringify(name))));
        const read = await readJsonBody(requestWith(sent.body as string, { 'content-type': 'application/json' }));
        expect(read).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      RUNS,
    );
  });

  it('refuses prototype keys at any depth and never lets them reach a prototype', async () => {
    await fc.assert(
      fc.asyncProperty(hostileObjectText, fc.boolean(), async (text, nest) => {
        const body = nest ? `{"Outer":${text}}` : text;
        const hasPrototypeKey = namesPrototypeKey(body);
        try {
          const read = await readJsonBody(requestWith(body, { 'content-type': 'application/x-amz-json-1.1' }));
          expect(hasPrototypeKey).toBe(false);
          expect(read).toEqual(JSON.parse(body));
        } catch (error) {
          expect(error).toBeInstanceOf(ServiceError);
          expect((error as ServiceError).code).toBe(hasPrototypeKey ? 'ValidationException' : 'SerializationException');
        }
      }),
      RUNS,
    );
  });

  it('answers any body text with a value or a 4xx, and any non-JSON content type with 415', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
        async (text, type) => {
          try {
            await readJsonBody(requestWith(text, { 'content-type': type }));
            expect(type).toBe('application/json');
          } catch (error) {
            expect(error).toBeInstanceOf(ServiceError);
            if (type !== 'application/json') expect((error as ServiceError).status).toBe(415);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('xml codec', () => {
  const xmlText = fc
    .string()
    .filter(
      (text) =>
        text === text.trim() &&
        !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/.test(text) &&
        text !== '',
    );
  const elementName = fc.oneof(
    fc.constantFrom(...PROTOTYPE_NAMES, 'toString', 'hasOwnProperty', 'Key'),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/),
  );

  it('round-trips what toXml writes through parseXml', () => {
    fc.assert(
      fc.property(fc.dictionary(safeName, xmlText, { minKeys: 1, maxKeys: 5 }), (children) => {
        expect(parseXml(xmlDocument('Root', children)).Root).toEqual(children);
      }),
      RUNS,
    );
  });

  it('parses hostile element names without touching a prototype, or refuses them as MalformedXML', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(elementName, fc.oneof(xmlText, fc.constant(''))), { minLength: 1, maxLength: 6 }),
        (pairs) => {
          const body = `<Root>${pairs.map(([name, text]) => `<${name}>${toXml({ T: text }).slice(3, -4)}</${name}>`).join('')}</Root>`;
          try {
            parseXml(body);
          } catch (error) {
            expect(error).toBeInstanceOf(ServiceError);
            expect((error as ServiceError).code).toBe('MalformedXML');
          }
        },
      ),
      RUNS,
    );
  });
});

describe('headers, routes and hosts', () => {
  it('copies any header names into a null-prototype record with the same values', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            hostileName.map((name) => name.toLowerCase()),
            fc.string(),
          ),
          { maxLength: 8 },
        ),
        (pairs) => {
          const message = new IncomingMessage(new Socket());
          const headers = Object.fromEntries(pairs);
          message.headers = headers;
          message.url = '/';
          const request = toServiceRequest(message, 'id');
          expect(Object.getPrototypeOf(request.headers)).toBeNull();
          expect({ ...request.headers }).toEqual({ ...headers });
          expect(request.headers['x-amz-copy-source']).toBe(headers['x-amz-copy-source']);
        },
      ),
      RUNS,
    );
  });

  it('decodes any path labels into null-prototype route parameters', () => {
    fc.assert(
      fc.property(hostileName, hostileName, (name, alias) => {
        const path = `/2015-03-31/functions/${encodeURIComponent(name)}/aliases/${encodeURIComponent(alias)}`;
        const lambda = matchRoute('GET', path);
        if (name !== '' && alias !== '') {
          expect(Object.getPrototypeOf(lambda?.params)).toBeNull();
          expect({ ...lambda?.params }).toEqual({ FunctionName: name, Name: alias });
        }
        const signer = matchSignerRoute('GET', `/tags/${encodeURIComponent(name)}`);
        if (name !== '') expect({ ...signer?.params }).toEqual({ resourceArn: name });
      }),
      RUNS,
    );
  });

  it('reads credential scopes and hosts from any text without throwing, and never takes a foreign host for loopback', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.stringMatching(/^[a-z0-9-]{1,12}$/), (auth, text, label) => {
        credentialScope('GET', `/${text}`, { authorization: auth }, new URLSearchParams({ 'X-Amz-Credential': text }));
        virtualHostBucket(text);
        isLoopbackHost(text);
        expect(isLoopbackHost(`${label}.attacker.example`)).toBe(false);
        expect(isLoopbackHost(`localhost.${label}.example:80`)).toBe(false);
        expect(isLoopbackHost(`${label}.localhost:4566`)).toBe(true);
      }),
      RUNS,
    );
  });
});

// Last in the file: the properties above run first, in order.
describe('after the fuzz run', () => {
  it('leaves Object.prototype and Array.prototype as they were', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...prototypeBefore.keys()].sort());
    for (const [name, descriptor] of prototypeBefore)
      expect(Object.getOwnPropertyDescriptor(Object.prototype, name)).toEqual(descriptor);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayPrototypeBefore);
    expect(({} as Record<string, unknown>)['x-amz-copy-source']).toBeUndefined();
  });
});
