import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplyServer } from './support/reply-server.ts';
import { runToolkitProcess } from './support/run-toolkit.ts';
import { fixtureTree, startTestCloud, type TestCloud } from '@toolkit/test-support';

// `--profile NAME` reads region, endpoints, credentials and retries from the shared config
// files as the AWS CLI does; the SDK reads those files from the process, so these run the bin.
describe('--profile and the shared AWS config', () => {
  let project: Awaited<ReturnType<typeof fixtureTree>>;
  let cloud: TestCloud;
  let unavailable: Awaited<ReturnType<typeof startReplyServer>>;
  let env: NodeJS.ProcessEnv;
  const authorizations: string[] = [];
  const artifactBucket = async (profile: string, extra: NodeJS.ProcessEnv = {}) => {
    const run = await runToolkitProcess(['package', '--profile', profile, '--resolve-s3', '--json'], {
      cwd: project.dir,
      env: { ...env, ...extra },
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    return (JSON.parse(run.stdout) as { artifacts: { s3: { bucket: string } }[] }).artifacts[0]!.s3.bucket;
  };

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
    unavailable = await startReplyServer(
      (request) => (
        authorizations.push(request.headers.authorization ?? ''),
        { status: 503, contentType: 'text/html', body: '<html><body>Service Unavailable</body></html>' }
      ),
    );
    const endpoint = cloud.cloud.endpoint;
    const files = await fixtureTree({
      config: [
        '[profile localdev]',
        'region = eu-west-2',
        `endpoint_url = ${endpoint}`,
        '',
        '[profile split]',
        'region = ap-southeast-1',
        'services = local-cloud',
        '',
        '[services local-cloud]',
        's3 =',
        `  endpoint_url = ${endpoint}`,
        'signer =',
        `  endpoint_url = ${endpoint}`,
        'sts =',
        `  endpoint_url = ${endpoint}`,
        '',
        '[profile noregion]',
        `endpoint_url = ${endpoint}`,
        '',
        '[profile once]',
        'region = eu-west-2',
        `endpoint_url = ${unavailable.endpoint}`,
        'max_attempts = 1',
        '',
        '[profile twice]',
        'region = eu-west-2',
        `endpoint_url = ${unavailable.endpoint}`,
        'max_attempts = 2',
        'retry_mode = standard',
        '',
      ].join('\n'),
      // The local cloud's profiles carry its admin key; the others go to a server that checks none.
      credentials: [
        ...['localdev', 'split', 'noregion'].map(
          (p) => `[${p}]\naws_access_key_id = test\naws_secret_access_key = test\n`,
        ),
        ...['once', 'twice'].map((p) => `[${p}]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n`),
      ].join('\n'),
    });
    env = {
      HOME: files.dir,
      AWS_CONFIG_FILE: `${files.dir}/config`,
      AWS_SHARED_CREDENTIALS_FILE: `${files.dir}/credentials`,
    };
  });
  afterAll(async () => {
    await unavailable?.close();
    await cloud?.close();
    await project?.cleanup();
  });

  it("takes the profile's region and endpoint_url", async () => {
    // The managed artifact bucket is named for the session's region.
    expect(await artifactBucket('localdev')).toBe('toolkit-artifacts-000000000000-eu-west-2');
  });

  it("takes each service's endpoint from the profile's services section", async () => {
    expect(await artifactBucket('split')).toBe('toolkit-artifacts-000000000000-ap-southeast-1');
  });

  it('AWS_REGION still wins over the profile, as in the AWS CLI', async () => {
    expect(await artifactBucket('localdev', { AWS_REGION: 'ca-central-1' })).toBe(
      'toolkit-artifacts-000000000000-ca-central-1',
    );
  });

  it('names the profile when it has no region, and refuses a profile that does not exist', async () => {
    const noRegion = await runToolkitProcess(['local', 'profile', 'create', 'X1', '--profile', 'noregion'], {
      cwd: project.dir,
      env,
    });
    expect(noRegion.exitCode).toBe(2);
    expect(noRegion.stderr).toBe(
      'error: --region: no region given and none in AWS_REGION/AWS_DEFAULT_REGION or profile noregion\n',
    );
    const missing = await runToolkitProcess(['local', 'profile', 'create', 'X2', '--profile', 'nosuch'], {
      cwd: project.dir,
      env,
    });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(
      `error: --profile nosuch: no such profile in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE}\n`,
    );
  });

  it("signs with the profile's credentials and region, and retries as its max_attempts says", async () => {
    unavailable.requests.length = 0;
    authorizations.length = 0;
    const once = await runToolkitProcess(['local', 'profile', 'create', 'Retried', '--profile', 'once'], {
      cwd: project.dir,
      env,
    });
    expect(once.exitCode).toBe(1);
    expect(unavailable.requests).toHaveLength(1);
    expect(authorizations[0]).toMatch(/Credential=AKIDPROFILE\/\d{8}\/eu-west-2\/signer\/aws4_request/);
    unavailable.requests.length = 0;
    await runToolkitProcess(['local', 'profile', 'create', 'Retried', '--profile', 'twice'], { cwd: project.dir, env });
    expect(unavailable.requests).toHaveLength(2);
  });
});
