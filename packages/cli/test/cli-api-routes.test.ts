import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTree, missingTool, openCloud, tools, type TestCloud } from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { runToolkit } from './support/run-toolkit.ts';

const run = promisify(execFile);

/** `curl -s` as the example's README runs it: the status line's code, then the body. */
async function curl(url: string, ...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args, url]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

describe.skipIf(missingTool(tools.curl))(
  'examples/hello-api: toolkit deploy prints the local API URLs, curl calls them',
  () => {
    let root: string;
    let cleanup: () => Promise<void>;
    let cloud: TestCloud;
    let deployed: {
      outputs: Record<string, string>;
      localApis: {
        outputs: Record<string, string>;
        apis: { logicalResourceId: string; apiId: string; stages: Record<string, string> }[];
        functionUrls: { logicalResourceId: string; functionUrl: string; localUrl: string }[];
      };
    };
    let human: string;
    const toolkit = (...args: string[]) => runToolkit([...args, '--endpoint-url', cloud.cloud.endpoint], { cwd: root });

    beforeAll(async () => {
      ({ dir: root, cleanup } = await fixtureTree({}));
      await copyExample('hello-api', join(root, 'hello-api'));
      cloud = await openCloud({ stateDir: join(root, 'cloud-state') });
      const args = ['deploy', '--template-file', 'hello-api/template.yaml', '--stack-name', 'hello-api'];
      const first = await toolkit(...args, '--capabilities', 'CAPABILITY_IAM', '--json');
      expect(first.exitCode, first.stderr).toBe(0);
      deployed = JSON.parse(first.stdout) as typeof deployed;
      const again = await toolkit(...args, '--capabilities', 'CAPABILITY_IAM', '--no-fail-on-empty-changeset');
      expect(again.exitCode, again.stderr).toBe(0);
      human = again.stdout;
    }, 120_000);
    afterAll(async () => {
      await cloud?.close();
      await cleanup?.();
    });

    it('maps each execute-api output to its local URL and lists every API stage', () => {
      const endpoint = cloud.cloud.endpoint;
      const rest = deployed.localApis.apis.find((api) => api.logicalResourceId === 'ServerlessRestApi');
      const http = deployed.localApis.apis.find((api) => api.logicalResourceId === 'ServerlessHttpApi');
      expect(deployed.outputs.RestHelloUrl).toBe(
        `https://${rest?.apiId}.execute-api.us-east-1.amazonaws.com/Prod/hello/world`,
      );
      const [url] = deployed.localApis.functionUrls;
      const urlId = /^https:\/\/([a-z0-9]{32})\.lambda-url\.us-east-1\.on\.aws\/$/.exec(url?.functionUrl ?? '')?.[1];
      expect(urlId, url?.functionUrl).toBeDefined();
      expect(deployed.outputs.GreetUrl).toBe(url?.functionUrl);
      expect(deployed.localApis.outputs).toEqual({
        RestHelloUrl: `${endpoint}/restapis/${rest?.apiId}/Prod/_user_request_/hello/world`,
        HttpHelloUrl: `${endpoint}/restapis/${http?.apiId}/%24default/_user_request_/hello/world`,
        GreetUrl: `${endpoint}/_lambda-url/${urlId}/`,
      });
      expect(deployed.localApis.functionUrls).toEqual([
        {
          logicalResourceId: 'GreetFunctionUrl',
          functionArn: expect.stringMatching(/:function:/),
          functionUrl: url?.functionUrl,
          localUrl: `${endpoint}/_lambda-url/${urlId}/`,
        },
      ]);
      expect(human).toMatch(new RegExp(`GreetFunctionUrl\\s+${endpoint}/_lambda-url/${urlId}/`));
      expect(rest?.stages).toEqual({ Prod: `${endpoint}/restapis/${rest?.apiId}/Prod/_user_request_/` });
      expect(human).toContain('Local API URLs (served by toolkit local start)');
      // The APIs are served now: the deploy no longer lists them as not emulated.
      expect(human).not.toContain('not emulated locally');
      expect(human).toMatch(
        new RegExp(`RestHelloUrl\\s+${endpoint}/restapis/${rest?.apiId}/Prod/_user_request_/hello/world`),
      );
    });

    it('answers the REST output URL with payload format 1.0 and the HTTP one with 2.0', async () => {
      const restAnswer = await curl(deployed.localApis.outputs.RestHelloUrl ?? '');
      expect(restAnswer.status).toBe(200);
      expect(JSON.parse(restAnswer.body)).toEqual({
        message: 'hello world',
        payloadFormat: '1.0',
        route: 'GET /hello/{name}',
        pathParameters: { name: 'world' },
      });
      const httpAnswer = await curl(deployed.localApis.outputs.HttpHelloUrl ?? '');
      expect(JSON.parse(httpAnswer.body)).toMatchObject({ payloadFormat: '2.0', route: 'GET /hello/{name}' });
    });

    it('serves the host-style address curl resolves itself, a greedy path, and the 403 of a missing route', async () => {
      const rest = deployed.localApis.apis.find((api) => api.logicalResourceId === 'ServerlessRestApi');
      const port = new URL(cloud.cloud.endpoint).port;
      const greedy = await curl(`http://${rest?.apiId}.execute-api.localhost:${port}/Prod/files/a/b.txt`, '-X', 'PUT');
      expect(greedy.status).toBe(200);
      expect(JSON.parse(greedy.body)).toMatchObject({
        route: 'PUT /files/{proxy+}',
        pathParameters: { proxy: 'a/b.txt' },
      });
      const missing = await curl(`${rest?.stages.Prod}nowhere`);
      expect([missing.status, JSON.parse(missing.body)]).toEqual([403, { message: 'Missing Authentication Token' }]);
    });

    it('answers the function URL path-style and host-style with payload format 2.0', async () => {
      const local = deployed.localApis.outputs.GreetUrl ?? '';
      const answer = await curl(`${local}any/path?x=1`);
      expect([answer.status, JSON.parse(answer.body)]).toEqual([
        200,
        { message: 'hello world', payloadFormat: '2.0', route: '$default', pathParameters: null },
      ]);
      const urlId = /_lambda-url\/([a-z0-9]+)\//.exec(local)?.[1] ?? '';
      const port = new URL(cloud.cloud.endpoint).port;
      const byHost = await curl(`http://${urlId}.lambda-url.us-east-1.localhost:${port}/`);
      expect(byHost.status).toBe(200);
    });

    it('runs the route behind the Lambda authorizer only for the token it allows', async () => {
      const rest = deployed.localApis.apis.find((api) => api.logicalResourceId === 'ServerlessRestApi');
      const secret = `${rest?.stages.Prod}secret`;
      const none = await curl(secret);
      expect([none.status, JSON.parse(none.body)]).toEqual([401, { message: 'Unauthorized' }]);
      const ada = await curl(secret, '-H', 'Authorization: Bearer ada');
      expect([ada.status, JSON.parse(ada.body)]).toEqual([
        200,
        { message: 'hello world', payloadFormat: '1.0', route: 'GET /secret', pathParameters: null, user: 'ada' },
      ]);
      const nobody = await curl(secret, '-H', 'Authorization: Bearer nobody');
      expect([nobody.status, JSON.parse(nobody.body)]).toEqual([
        403,
        { message: 'User is not authorized to access this resource with an explicit deny' },
      ]);
    });
  },
);
