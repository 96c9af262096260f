import {
  CreateCodeSigningConfigCommand,
  GetFunctionCommand,
  InvokeCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetSigningProfileCommand } from '@aws-sdk/client-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClients, fixtureTree, missingTool, storedZip, tools, type CloudClients } from '@toolkit/test-support';
import { openConsoleSession, type ConsoleSession } from './console-session.ts';

const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  WalkFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs22.x
  Jobs:
    Type: AWS::SQS::Queue
`;

/** The code of the story: unsigned as built here, then signed by the console's signing job. */
const unsignedZip = storedZip({
  'index.js':
    'exports.handler = async (event) => { console.log("got", event.name); return "signed in the console"; };\n',
});

// The seed's story, in a real browser on the console of a real `toolkit local start`; one step per test, in order.
describe.skipIf(missingTool(tools.chromium))('the console walks the code signing story', () => {
  let session: ConsoleSession;
  let clients: CloudClients & { destroy(): void };
  let project: { dir: string; cleanup(): Promise<void> };
  let functionName = '';
  let signedKey = '';
  let bucket = '';
  let cscArn = '';
  let cscPublisher = '';

  const status = () => session.page.locator('#page-status');
  const go = async (hash: string, title: string) => {
    await session.page.getByRole('link', { name: hash, exact: true }).click();
    await session.page.getByRole('heading', { level: 2, name: title }).waitFor();
  };

  /** The verdict the objects page shows: checks table and reasons, as `toolkit verify --json` words them. */
  const shownVerdict = async () => {
    const { page } = session;
    const text = (await page.locator('#page-status').textContent()) ?? '';
    const checks: Record<string, string> = {};
    for (const row of await page.getByRole('table', { name: 'Checks' }).locator('tbody tr').all()) {
      const [name = '', outcome = ''] = await row.locator('td').allTextContents();
      checks[name] = outcome;
    }
    const reasons = await page.locator('#verdict-reasons li').allTextContents();
    return { verdict: /^Verdict: (\w+)\.$/.exec(text)?.[1], checks, reasons };
  };
  /** `toolkit verify --json` on the same object's bytes, with the live state and the same configuration. */
  const cliVerdict = async (key: string, extra: string[] = []) => {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const file = join(project.dir, 'verify.zip');
    await writeFile(file, await object.Body!.transformToByteArray());
    const run = await session.toolkit(
      [
        'verify',
        file,
        '--state-dir',
        session.cloud.stateDir,
        '--allowed-profiles-from-csc',
        cscArn,
        '--target',
        'local',
        '--endpoint-url',
        session.cloud.endpoint,
        '--json',
        ...extra,
      ],
      project.dir,
    );
    const { verdict, checks, reasons } = JSON.parse(run.stdout) as Record<string, unknown>;
    return { verdict, checks, reasons };
  };
  const openSignature = async (key: string) => {
    const { page } = session;
    await go('Objects', 'Buckets');
    await page.getByRole('link', { name: bucket, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: bucket }).waitFor();
    await page
      .getByRole('link', { name: new RegExp(`^Signature of ${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} version`) })
      .click();
    await page.getByRole('heading', { level: 2, name: `Signature of ${key}` }).waitFor();
    await page.getByLabel('Trust file', { exact: true }).setInputFiles(trustFile);
    await page.getByLabel('Allowed publishers and policy', { exact: true }).selectOption(cscArn);
  };
  const check = async () => {
    await session.page.getByRole('button', { name: 'Check signature' }).click();
    await expect.poll(() => status().textContent(), { timeout: 10_000 }).toMatch(/^Verdict: /);
    return shownVerdict();
  };
  let trustFile = '';

  beforeAll(async () => {
    project = await fixtureTree({
      'template.yaml': template,
      src: { 'index.js': 'exports.handler = async () => "hi";\n' },
    });
    session = await openConsoleSession(`${project.dir}/.state`, project.dir);
    clients = cloudClients(session.cloud.endpoint);
  });
  afterAll(async () => {
    clients?.destroy();
    await session?.close();
    await project?.cleanup();
  });

  it('opens from the printed URL, trading its token for a cookie', async () => {
    expect(session.cloud.console).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_console\/\?token=[\w-]{20,}$/);
    await session.page.goto(session.cloud.console);
    await session.page.getByRole('heading', { level: 2, name: 'Signing profiles' }).waitFor();
    expect(session.page.url()).not.toContain('token=');
  });

  it('creates a signing profile with its validity', async () => {
    const { page } = session;
    await page.getByLabel('Profile name', { exact: true }).fill('WalkSigning');
    await page.getByLabel('Signature validity', { exact: true }).fill('135');
    await page.getByLabel('Validity unit', { exact: true }).selectOption('MONTHS');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect.poll(() => status().textContent()).toMatch(/^Created WalkSigning: arn:aws:signer:/);
    const row = page.getByRole('row').filter({ hasText: 'WalkSigning' });
    expect(await row.textContent()).toContain('Active');
    expect(await row.textContent()).toContain('135 MONTHS');
    await session.screenshot('01-signing-profile');
  });

  it('creates a code signing configuration in Enforce with the profile from the dropdown', async () => {
    const { page } = session;
    await go('Code signing configurations', 'Code signing configurations');
    const { profileVersionArn } = await clients.signer.send(
      new GetSigningProfileCommand({ profileName: 'WalkSigning' }),
    );
    cscPublisher = profileVersionArn!;
    await page
      .getByLabel('Allowed publishers: this account’s signing profiles', { exact: true })
      .selectOption(profileVersionArn!);
    await page.getByLabel('Untrusted artifact on deployment', { exact: true }).selectOption('Enforce');
    await page.getByLabel('Description', { exact: true }).fill('Walkthrough <b>enforce</b>');
    await page.getByRole('button', { name: 'Create configuration' }).click();
    await expect
      .poll(() => status().textContent())
      .toMatch(/^Created arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-\w+ \(Enforce\)\.$/);
    cscArn = /^Created (\S+) /.exec((await status().textContent()) ?? '')?.[1] ?? '';
    const row = page.getByRole('row').filter({ hasText: profileVersionArn! });
    // Names from the cloud are text, never markup.
    expect(await row.textContent()).toContain('Walkthrough <b>enforce</b>');
    expect(await row.locator('b').count()).toBe(0);
    await session.screenshot('02-code-signing-configuration');
  });

  it('shows a function deployed from the CLI', async () => {
    const deploy = await session.toolkit(
      [
        'deploy',
        '--stack-name',
        'walk',
        '--capabilities',
        'CAPABILITY_IAM',
        '--target',
        'local',
        '--endpoint-url',
        session.cloud.endpoint,
      ],
      project.dir,
    );
    expect(deploy.code, deploy.stderr).toBe(0);
    await go('Functions', 'Functions');
    const link = session.page.getByRole('link', { name: /^walk-WalkFunction/ });
    functionName = (await link.textContent()) ?? '';
    expect(functionName).toMatch(/^walk-WalkFunction/);
    await session.screenshot('03-functions');
  });

  it('attaches the configuration from the function page', async () => {
    const { page } = session;
    await page.getByRole('link', { name: functionName }).click();
    await page.getByRole('heading', { level: 2, name: functionName }).waitFor();
    await page.getByLabel('Configuration', { exact: true }).selectOption(cscArn);
    await page.getByRole('button', { name: 'Attach configuration' }).click();
    await expect.poll(() => status().textContent()).toBe(`Attached ${cscArn} to ${functionName}.`);
    await session.screenshot('04-configuration-attached');
  });

  it("rejects unsigned code uploaded in the console with Lambda's words", async () => {
    const { page } = session;
    await page
      .getByLabel('Zip file', { exact: true })
      .setInputFiles({ name: 'unsigned.zip', mimeType: 'application/zip', buffer: unsignedZip });
    await page.getByRole('button', { name: 'Upload code' }).click();
    await expect.poll(() => status().getAttribute('class')).toBe('status error');
    // The same call through the SDK gets the same words.
    const sdk = await clients.lambda
      .send(new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: unsignedZip }))
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(sdk?.name).toBe('CodeVerificationFailedException');
    expect(await status().textContent()).toBe(`CodeVerificationFailedException: ${sdk!.message}`);
    await session.screenshot('05-unsigned-code-rejected');
  });

  it('uploads the zip to S3 and signs it in a signing job started in the console', async () => {
    const { page } = session;
    await go('Objects', 'Buckets');
    const bucketLink = page.getByRole('link').filter({ hasText: /^toolkit-/ });
    bucket = (await bucketLink.first().textContent()) ?? '';
    await bucketLink.first().click();
    await page.getByRole('heading', { level: 2, name: bucket }).waitFor();
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'unsigned.zip', mimeType: 'application/zip', buffer: unsignedZip });
    await page.getByLabel('Key', { exact: true }).fill('walk/unsigned.zip');
    await page.getByRole('button', { name: 'Upload object' }).click();
    await expect.poll(() => status().textContent()).toMatch(/^Uploaded walk\/unsigned\.zip \(version \S+\)\.$/);
    await page.getByRole('row').filter({ hasText: 'walk/unsigned.zip' }).getByRole('link', { name: 'Sign…' }).click();
    await page.getByRole('heading', { level: 2, name: 'Signing jobs' }).waitFor();
    await page.getByLabel('Signing profile', { exact: true }).selectOption('WalkSigning');
    await page.getByRole('button', { name: 'Start signing job' }).click();
    // The job runs in the background and the page follows it: on a loaded machine that takes seconds.
    await expect
      .poll(async () => `${await status().textContent()}${await page.locator('#job-live').textContent()}`, {
        timeout: 20_000,
      })
      .toMatch(/^Job \S+ Succeeded: signed s3:\/\//);
    const text = (await status().textContent()) ?? '';
    signedKey = /signed s3:\/\/[^/]+\/(\S+) with WalkSigning version \w+$/.exec(text)?.[1] ?? '';
    expect(signedKey).toMatch(/^signed\//);
    await session.screenshot('06-signing-job-succeeded');
  });

  it('publishes the signed package and sees it accepted with its profile version', async () => {
    const { page } = session;
    await go('Functions', 'Functions');
    await page.getByRole('link', { name: functionName }).click();
    await page.getByRole('heading', { level: 2, name: functionName }).waitFor();
    await page.getByLabel('Bucket', { exact: true }).selectOption(bucket);
    await page.getByLabel('Key', { exact: true }).fill(signedKey);
    await page.getByRole('button', { name: 'Deploy from S3' }).click();
    const { profileVersionArn } = await clients.signer.send(
      new GetSigningProfileCommand({ profileName: 'WalkSigning' }),
    );
    await expect.poll(() => status().textContent()).toContain(`signed by profile version ${profileVersionArn!} in job`);
    expect(await page.locator('#fn-signing-profile-version').textContent()).toBe(profileVersionArn);
    const { Configuration } = await clients.lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    expect(Configuration?.SigningProfileVersionArn).toBe(profileVersionArn);
    await session.screenshot('07-signed-code-accepted');
  });

  it('invokes the signed function with a JSON event and shows the result, version and decoded log tail', async () => {
    const { page } = session;
    await page.getByLabel('Event (JSON)', { exact: true }).fill('{"name":"walk <b>in</b>"}');
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    const invokeStatus = page.locator('#invoke-status');
    // A first invoke starts the function's process: give a loaded machine time.
    await expect
      .poll(() => invokeStatus.textContent(), { timeout: 20_000 })
      .toBe('Invoked version $LATEST: status 200.');
    expect(await page.locator('#invoke-payload').textContent()).toBe('"signed in the console"');
    expect(await page.locator('#invoke-function-error').textContent()).toBe('none');
    const log = (await page.locator('#invoke-log').textContent()) ?? '';
    expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST$/m);
    expect(log).toMatch(/\tINFO\tgot walk <b>in<\/b>$/m);
    expect(log).toMatch(/^REPORT RequestId: /m);
    await session.screenshot('08-invoked');
    // Not JSON: Lambda's refusal, in the words the SDK gets.
    await page.getByLabel('Event (JSON)', { exact: true }).fill('{not json');
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await expect.poll(() => invokeStatus.getAttribute('class')).toBe('status error');
    const sdk = await clients.lambda
      .send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode('{not json') }))
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(sdk?.name).toBe('InvalidRequestContentException');
    expect(await invokeStatus.textContent()).toBe(`InvalidRequestContentException: ${sdk!.message}`);
  });

  // Each step runs the real CLI beside the browser; on a loaded machine a CLI start takes seconds.
  it(
    "shows the signed zip's envelope and the verdict `toolkit verify` gives: accepted, then expired",
    { timeout: 180_000 },
    async () => {
      const { page } = session;
      trustFile = join(project.dir, 'trust.json');
      const exported = await session.toolkit(
        ['local', 'trust', 'export', '--state-dir', session.cloud.stateDir, '--out', trustFile],
        project.dir,
      );
      expect(exported.code, exported.stderr).toBe(0);
      // As of 2040 (typed in the viewer's zone, Europe/Berlin): past the 135-month validity.
      const fromCli = Promise.all([cliVerdict(signedKey), cliVerdict(signedKey, ['--at', '2039-12-31T23:00:00.000Z'])]);
      await openSignature(signedKey);
      const envelope = page.locator('#envelope');
      const { profileVersionArn } = await clients.signer.send(
        new GetSigningProfileCommand({ profileName: 'WalkSigning' }),
      );
      expect(await envelope.textContent()).toContain(
        `Signing profileWalkSigningProfile version ARN${profileVersionArn!}`,
      );
      expect(await page.locator('#envelope-digest-state').textContent()).toBe('matches');
      const accepted = await check();
      expect(accepted.verdict).toBe('accept');
      await session.screenshot('09-signature-verdict');
      await page.getByLabel('As of', { exact: true }).fill('2040-01-01T00:00:00');
      const expired = await check();
      expect(expired.verdict).toBe('reject');
      expect(expired.checks).toMatchObject({ expiry: 'fail' });
      const [cliAccepted, cliExpired] = await fromCli;
      expect(accepted).toEqual(cliAccepted);
      expect(expired).toEqual(cliExpired);
    },
  );

  it('shows a tampered copy rejected for integrity, as `toolkit verify` does', { timeout: 120_000 }, async () => {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: signedKey }));
    const tampered = Buffer.from(await object.Body!.transformToByteArray());
    tampered[40] = tampered[40]! ^ 1;
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'walk/tampered.zip', Body: tampered }));
    await openSignature('walk/tampered.zip');
    expect(await session.page.locator('#envelope-digest-state').textContent()).toMatch(/^differs: [0-9a-f]{96}$/);
    const verdict = await check();
    expect(verdict).toMatchObject({ verdict: 'reject', checks: { integrity: 'fail' } });
    expect(verdict).toEqual(await cliVerdict('walk/tampered.zip'));
  });

  it("refuses to delete the configuration while the function uses it, in Lambda's words", async () => {
    const { page } = session;
    await go('Code signing configurations', 'Code signing configurations');
    const id = cscArn.split(':').pop()!;
    await page.getByRole('button', { name: `Delete ${id}` }).click();
    await expect.poll(() => status().getAttribute('class')).toBe('status error');
    expect(await status().textContent()).toBe(
      `ResourceConflictException: The code signing configuration cannot be deleted because it is used by one or more functions: ${cscArn}.`,
    );
    expect(await page.getByRole('row').filter({ hasText: cscArn }).textContent()).toContain(functionName);
  });

  it("shows the CLI's stack with its resources, which are emulated, and events", async () => {
    const { page } = session;
    await go('Stacks', 'Stacks');
    await page.getByRole('link', { name: 'walk', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'walk' }).waitFor();
    const resources = page.getByRole('table', { name: 'Resources' });
    const functionRow = resources.getByRole('row').filter({ hasText: functionName });
    expect(await functionRow.textContent()).toBe(`WalkFunction${functionName}AWS::Lambda::FunctionCREATE_COMPLETEyes`);
    // The queue is only recorded: the column says so with CloudFormation's status reason.
    const queueCells = await resources
      .getByRole('row')
      .filter({ hasText: 'AWS::SQS::Queue' })
      .locator('td')
      .allTextContents();
    expect(queueCells[0]).toBe('Jobs');
    expect(queueCells[4]).toBe('no: recorded with the identifiers AWS would give it');
    const events = page.getByRole('table', { name: 'Events, newest first' });
    expect(
      await events.getByRole('row').filter({ hasText: 'AWS::CloudFormation::Stack' }).first().textContent(),
    ).toContain('CREATE_COMPLETE');
    await session.screenshot('10-stack');
  });

  it("revokes the job's signature from the jobs page", async () => {
    const { page } = session;
    await go('Signing jobs', 'Signing jobs');
    const row = page.getByRole('row').filter({ hasText: signedKey });
    await row.getByRole('button', { name: 'Revoke signature' }).click();
    await expect.poll(() => status().textContent()).toMatch(/^Revoked the signature of job \S+\.$/);
    expect(await page.getByRole('row').filter({ hasText: signedKey }).textContent()).toContain('Revoked');
  });

  it('sees the revocation through Signer even with a trust file exported before it', { timeout: 120_000 }, async () => {
    await openSignature(signedKey);
    const verdict = await check();
    expect(verdict).toMatchObject({ verdict: 'reject', checks: { revocation: 'fail' } });
    expect(verdict.reasons.join()).toMatch(/^the signing job \S+ was revoked at \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(verdict).toEqual(await cliVerdict(signedKey));
  });

  it('shows the verdict history: a deployment a Warn configuration accepted, with its reason', async () => {
    const { page } = session;
    const { CodeSigningConfig } = await clients.lambda.send(
      new CreateCodeSigningConfigCommand({
        AllowedPublishers: { SigningProfileVersionArns: [cscPublisher] },
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
      }),
    );
    await clients.lambda.send(
      new PutFunctionCodeSigningConfigCommand({
        FunctionName: functionName,
        CodeSigningConfigArn: CodeSigningConfig!.CodeSigningConfigArn,
      }),
    );
    await go('Functions', 'Functions');
    await page.getByRole('link', { name: functionName }).click();
    await page.getByRole('heading', { level: 2, name: functionName }).waitFor();
    const history = page.getByRole('table', { name: 'Warn-accepted deployments, newest first' });
    expect(await history.locator('tbody').textContent()).toBe('None.');
    await page
      .getByLabel('Zip file', { exact: true })
      .setInputFiles({ name: 'unsigned.zip', mimeType: 'application/zip', buffer: unsignedZip });
    await page.getByRole('button', { name: 'Upload code' }).click();
    await expect.poll(() => status().textContent()).toMatch(/^Lambda accepted the code .*; unsigned\.$/);
    const cells = await history.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells.slice(1)).toEqual([
      'UpdateFunctionCode20150331v2',
      `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
      'unsigned',
      'the package is not signed',
    ]);
    expect(await history.locator('tbody tr').count()).toBe(1);
    await session.screenshot('11-verdict-history');
  });

  it("labels every control on every page and shows times in the viewer's zone", async () => {
    const { page } = session;
    const pages: [string, string][] = [
      ['Signing profiles', 'Signing profiles'],
      ['Signing jobs', 'Signing jobs'],
      ['Code signing configurations', 'Code signing configurations'],
      ['Stacks', 'Stacks'],
      ['Objects', 'Buckets'],
    ];
    const unlabelled = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('main input, main select, main textarea')]
          .filter((c) => (c as HTMLInputElement).labels?.length === 0 && !c.getAttribute('aria-label'))
          .map((c) => c.id || c.outerHTML),
      );
    for (const [link, title] of pages) {
      await go(link, title);
      expect(await unlabelled(), title).toEqual([]);
    }
    await openSignature(signedKey);
    expect(await unlabelled(), 'a signature').toEqual([]);
    await go('Functions', 'Functions');
    await page.getByRole('link', { name: functionName }).click();
    await page.getByRole('heading', { level: 2, name: functionName }).waitFor();
    expect(await unlabelled(), 'a function').toEqual([]);
    const shown = page.locator('main dd time');
    const instant = new Date((await shown.getAttribute('datetime'))!);
    // The browser runs in Europe/Berlin (see console-session.ts): the text is that zone's wall time.
    const berlin = new Intl.DateTimeFormat('en-US', {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: 'Europe/Berlin',
    });
    expect(await shown.textContent()).toBe(berlin.format(instant));
  });

  it('downloads an object version from the objects page', async () => {
    const { page } = session;
    await go('Objects', 'Buckets');
    await page.getByRole('link', { name: bucket, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: bucket }).waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download ${signedKey}` }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(signedKey.split('/').pop());
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: signedKey }));
    expect(Buffer.concat(chunks).equals(Buffer.from(await object.Body!.transformToByteArray()))).toBe(true);
  });

  it('revokes a profile version from an effective time, and cancels a profile', async () => {
    const { page } = session;
    await go('Signing profiles', 'Signing profiles');
    await page.getByLabel('Profile name', { exact: true }).fill('SpareSigning');
    await page.getByLabel('Signature validity', { exact: true }).fill('30');
    await page.getByLabel('Validity unit', { exact: true }).selectOption('DAYS');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect.poll(() => status().textContent()).toMatch(/^Created SpareSigning: /);
    const { profileVersion } = await clients.signer.send(new GetSigningProfileCommand({ profileName: 'SpareSigning' }));
    await page.getByLabel('Revocation effective time for SpareSigning', { exact: true }).fill('2026-01-02T03:04');
    await page.getByRole('button', { name: `Revoke version ${profileVersion!}` }).click();
    await expect
      .poll(() => status().textContent())
      .toMatch(new RegExp(`^Revoked SpareSigning version ${profileVersion!} from `));
    const revoked = await clients.signer.send(new GetSigningProfileCommand({ profileName: 'SpareSigning' }));
    expect(revoked.status).toBe('Revoked');
    // The time typed in the viewer's zone (Europe/Berlin, UTC+1 in January) reaches Signer as that instant.
    expect(revoked.revocationRecord?.revocationEffectiveFrom?.toISOString()).toBe('2026-01-02T02:04:00.000Z');
    await page.getByRole('button', { name: 'Cancel WalkSigning' }).click();
    await expect.poll(() => status().textContent()).toBe('Canceled WalkSigning.');
    const canceled = await clients.signer.send(new GetSigningProfileCommand({ profileName: 'WalkSigning' }));
    expect(canceled.status).toBe('Canceled');
  });

  it('works from the keyboard: skip link first, then the sections', async () => {
    const { page } = session;
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Signing profiles' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Signing jobs');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Signing jobs' }).waitFor();
  });

  it('says so when the session is gone, and serves nothing without it', async () => {
    const { page } = session;
    await page.context().clearCookies();
    await page.getByRole('link', { name: 'Functions', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('HTTP401: The console session is missing or ended.');
    await page.reload();
    expect(await page.textContent('body')).toContain('Open the console with the URL `toolkit local start` printed');
  });
});
