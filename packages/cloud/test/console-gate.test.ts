import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleAssets } from '../src/index.ts';
import { rawRequest, signedHeaders, signFor, type RawRequestOptions, type RawResponse } from './raw-http.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

const assets: ConsoleAssets = new Map([
  ['index.html', { body: '<!doctype html><title>console</title>', contentType: 'text/html; charset=utf-8' }],
  ['app.js', { body: 'export {};', contentType: 'text/javascript; charset=utf-8' }],
]);
const BUCKET = 'console-gate';
const authorization = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=console/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

let f: CloudFixture;
let token = '';
let cookie = '';
let origin = '';
beforeAll(async () => {
  f = await startFixture({ console: assets });
  token = new URL(f.cloud.consoleUrl!).searchParams.get('token') ?? '';
  origin = f.cloud.endpoint;
  await f.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await f.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'page.html',
      Body: '<script>steal()</script>',
      ContentType: 'text/html',
    }),
  );
});
afterAll(() => f?.close());

const raw = (options: RawRequestOptions): Promise<RawResponse> => rawRequest(f.cloud.endpoint, options);

describe('the console gate', () => {
  it('prints a console URL with a per-start token only when asked to serve one', async () => {
    expect(f.cloud.consoleUrl).toBe(`${f.cloud.endpoint}/_console/?token=${token}`);
    expect(token).toMatch(/^[\w-]{32}$/);
    const plain = await startFixture();
    try {
      expect(plain.cloud.consoleUrl).toBeUndefined();
      expect((await rawRequest(plain.cloud.endpoint, { path: '/_console/' })).headers['set-cookie']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('refuses the console without the token, and with a wrong one', async () => {
    const without = await raw({ path: '/_console/' });
    expect(without.status).toBe(401);
    expect(without.body).toContain('Open the console with the URL `toolkit local start` printed');
    expect((await raw({ path: '/_console/app.js' })).status).toBe(401);
    const wrong = await raw({ path: `/_console/?token=${token.slice(1)}x` });
    expect(wrong.status).toBe(403);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie on the console path, then serves the page', async () => {
    const traded = await raw({ path: `/_console/?token=${token}` });
    expect(traded.status).toBe(303);
    expect(traded.headers.location).toBe('/_console/');
    const setCookie = String(traded.headers['set-cookie']);
    expect(setCookie).toMatch(
      new RegExp(`^toolkit_console_${f.cloud.port}=[\\w-]{32}; Path=/_console/; HttpOnly; SameSite=Strict$`),
    );
    cookie = setCookie.split(';')[0]!;
    const page = await raw({ path: '/_console/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toBe('<!doctype html><title>console</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const config = JSON.parse((await raw({ path: '/_console/config.json', headers: { cookie } })).body) as object;
    expect(config).toMatchObject({ region: 'us-east-1', accountId: '000000000000' });
    expect((await raw({ path: '/_console/missing.js', headers: { cookie } })).status).toBe(404);
    const slashless = await raw({ path: `/_console?token=${token}` });
    expect(slashless.status).toBe(308);
    expect(slashless.headers.location).toBe(`/_console/?token=${token}`);
  });

  it("admits the page's own AWS calls under /_console/aws/ with the cookie and its own origin", async () => {
    // The page signs the plain AWS path as the admin identity; the gate strips /_console/aws first.
    const consoleCall = (service: string, awsPath: string, headers: Record<string, string>) =>
      raw({
        method: 'GET',
        path: `/_console/aws${awsPath}`,
        headers: signedHeaders(
          new URL(f.cloud.endpoint),
          'GET',
          awsPath,
          { ...headers, authorization: signFor(service) },
          '',
        ),
      });
    const listed = await consoleCall('s3', '/', { cookie, origin, 'sec-fetch-site': 'same-origin' });
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(`<Name>${BUCKET}</Name>`);
    const functions = await consoleCall('lambda', '/2015-03-31/functions', { cookie, origin });
    expect(functions.status).toBe(200);
    expect(JSON.parse(functions.body)).toEqual({ Functions: [] });
  });

  it('refuses API calls without the cookie, from another origin or site, and to another Host', async () => {
    const headers = { origin, authorization: authorization('lambda') };
    const path = '/_console/aws/2015-03-31/functions';
    expect((await raw({ path, headers })).status).toBe(401);
    expect((await raw({ path, headers: { ...headers, cookie: `${cookie.split('=')[0]}=forged` } })).status).toBe(401);
    const foreign = await raw({ path, headers: { ...headers, cookie, origin: 'http://attacker.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain("origin 'http://attacker.example'");
    const crossSite = await raw({ path, headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const rebound = await raw({ path, headers: { ...headers, cookie, host: `rebind.example:${f.cloud.port}` } });
    expect(rebound.status).toBe(421);
  });

  it("keeps the bare APIs closed to the console's origin, and sandboxes what S3 serves", async () => {
    // The console's origin reaches the APIs only through the gate: a page there without it is any page.
    const bare = await raw({
      path: '/2015-03-31/functions',
      headers: { origin, authorization: authorization('lambda') },
    });
    expect(bare.status).toBe(403);
    const stored = await raw({ path: `/${BUCKET}/page.html`, headers: { authorization: signFor('s3') } });
    expect(stored.status).toBe(200);
    expect(stored.headers['content-security-policy']).toBe('sandbox');
  });
});
