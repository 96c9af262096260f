import { PutSigningProfileCommand } from '@aws-sdk/client-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplyServer } from './support/reply-server.ts';
import { runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, startTestCloud, type TestCloud } from '@toolkit/test-support';
import { messages } from '@toolkit/core';

const notFoundPage = {
  status: 404,
  contentType: 'text/html',
  body: '<!doctype html>\n<html><head><title>404 Not Found</title></head></html>\n',
};

// An endpoint that is not AWS, or only partly, gets one readable sentence instead of the
// SDK's JSON or XML parse failure.
describe('a non-AWS or partial --endpoint-url', () => {
  let project: Awaited<ReturnType<typeof fixtureTree>>;
  let cloud: TestCloud;
  let webServer: Awaited<ReturnType<typeof startReplyServer>>;
  let junkServer: Awaited<ReturnType<typeof startReplyServer>>;
  let noSigning: Awaited<ReturnType<typeof startReplyServer>>;

  beforeAll(async () => {
    project = await fixtureTree({
      'template.yaml': [
        'Resources:',
        '  Hello:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code: hello/',
        '      Runtime: nodejs22.x',
        '      Handler: index.handler',
        '',
      ].join('\n'),
      'hello/index.js': 'exports.handler = async () => 1;\n',
    });
    cloud = await startTestCloud(`${project.dir}/cloud`);
    await cloud.signer.send(
      new PutSigningProfileCommand({ profileName: 'Release', platformId: 'AWSLambda-SHA384-ECDSA' }),
    );
    webServer = await startReplyServer(() => notFoundPage);
    junkServer = await startReplyServer(() => ({
      status: 200,
      contentType: 'text/plain',
      body: 'hello from a junk server\nsecond line\n',
    }));
    // Everything but Signer's StartSigningJob reaches the local cloud.
    noSigning = await startReplyServer(
      (request) => (request.method === 'POST' && request.url === '/signing-jobs' ? notFoundPage : undefined),
      cloud.cloud.endpoint,
    );
  });
  afterAll(async () => {
    await Promise.all([webServer?.close(), junkServer?.close(), noSigning?.close()]);
    await cloud?.close();
    await project?.cleanup();
  });

  const packageAt = (endpoint: string, ...extra: string[]) =>
    runToolkit(['package', '--target', 'local', '--endpoint-url', endpoint, '--json', ...extra], { cwd: project.dir });

  it('says which call an HTML 404 answered', async () => {
    const run = await packageAt(webServer.endpoint);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: (S3|STS) \\w+ at ${webServer.endpoint} answered HTTP 404 \\(not an AWS error document\\): <!doctype html>\\n`,
      ),
    );
    expect(run.stderr).not.toMatch(/Unexpected token|Deserialization error|\$response|UnknownError/);
    // --json: the same sentence as the one document on stdout.
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: messages.NonAwsReply.code, message: run.stderr.slice('error: '.length, -1), exitCode: 1 },
    });
  });

  it('says which call a 200 with junk answered', async () => {
    const run = await packageAt(junkServer.endpoint);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: (S3|STS) \\w+ at ${junkServer.endpoint} answered HTTP 200 \\(not an AWS error document\\): hello from a junk server\\n`,
      ),
    );
  });

  it("names Signer's StartSigningJob when only it is missing", async () => {
    const run = await packageAt(noSigning.endpoint, '--signing-profiles', 'Hello=Release');
    expect(run.stderr).toContain(
      `Hello (profile Release, job not started): OperationError: Signer StartSigningJob at ${noSigning.endpoint} answered HTTP 404 (not an AWS error document): <!doctype html>`,
    );
    expect(run.exitCode).toBe(1);
  });

  it('leaves real AWS error documents alone', async () => {
    const run = await packageAt(cloud.cloud.endpoint, '--signing-profiles', 'Hello=NoSuchProfile');
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).not.toContain('not an AWS error document');
  });
});
