import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeSigningJobCommand, StartSigningJobCommand } from '@aws-sdk/client-signer';
import { SIGNATURE_MARKER, packageDigest, readZipLayout, type SignatureCacheFile } from '@toolkit/signing';
import { packageJson } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';
import {
  derToPair,
  fixtureTree,
  getObjectBytes,
  P384_ORDER,
  pairToDer,
  startTestCloud,
  type TestCloud,
} from '@toolkit/test-support';
import { helloTemplate } from './support/hello-template.ts';

const template = helloTemplate;

/** The same zip with the entry text `from` replaced by `to` (same length): another program, same size and layout. */
function otherProgram(zip: Buffer, from: string, to: string): Buffer {
  const at = zip.indexOf(from);
  expect(at).toBeGreaterThan(0);
  const copy = Buffer.from(zip);
  Buffer.from(to).copy(copy, at);
  return copy;
}

const digestOf = (zip: Buffer): string => packageDigest(zip, readZipLayout(zip));

describe('toolkit package verifies that what Signer signed is the zip it built', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  let built: { bucket: string; key: string; bytes: Buffer };
  const signArgs = () => [
    'package',
    '--json',
    '--output-template-file',
    'packaged.yaml',
    '--signing-profiles',
    'Hello=Release',
    ...cloud.targetArgs,
  ];

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'hello/index.mjs': 'export const handler = async () => "genuine";\n',
    }));
    cloud = await startTestCloud(join(dir, 'cloud-state'));
    const profile = await runToolkit(['local', 'profile', 'create', 'Release', ...cloud.targetArgs], { cwd: dir });
    expect(profile.exitCode, profile.stderr).toBe(0);
    // An unsigned package run uploads the built zip and says where.
    const unsigned = packageJson(
      await runToolkit(['package', '--json', '--output-template-file', 'unsigned.yaml', ...cloud.targetArgs], {
        cwd: dir,
      }),
    );
    const { bucket, key, versionId } = unsigned.artifacts[0]!.s3;
    built = { bucket, key, bytes: await getObjectBytes(cloud.s3, bucket, key, versionId ?? undefined) };
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('fails (exit 1) naming the artifact and both digests when the stored upload holds other bytes, and writes no template', async () => {
    // Someone replaces the object at the zip's content address with other code of the same size:
    // package finds "its" object present and Signer signs whatever the object holds.
    const evil = otherProgram(built.bytes, 'genuine', 'EVIL!!!');
    await cloud.s3.send(new PutObjectCommand({ Bucket: built.bucket, Key: built.key, Body: evil }));
    const run = await runToolkit(signArgs(), { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toContain('Hello');
    expect(run.stderr).toContain(`expected SHA-384 ${digestOf(built.bytes)}`);
    expect(run.stderr).toContain(`found SHA-384 ${digestOf(evil)}`);
    expect(existsSync(join(dir, 'packaged.yaml'))).toBe(false);
  });

  it('fails the same way when a cached signature it would reuse signs other bytes', async () => {
    await rm(join(dir, '.toolkit', 'signatures.json'), { force: true });
    const good = packageJson(await runToolkit([...signArgs(), '--force-upload'], { cwd: dir }));
    expect(good.artifacts[0]!.signing?.reused).toBe(false);
    await rm(join(dir, 'packaged.yaml'));

    // A signature by the same profile over other code, made by a job of its own…
    const evil = otherProgram(built.bytes, 'genuine', 'EVIL!!!');
    const evilVersion = (
      await cloud.s3.send(new PutObjectCommand({ Bucket: built.bucket, Key: 'elsewhere/evil.zip', Body: evil }))
    ).VersionId!;
    const { jobId } = await cloud.signer.send(
      new StartSigningJobCommand({
        profileName: 'Release',
        source: { s3: { bucketName: built.bucket, key: 'elsewhere/evil.zip', version: evilVersion } },
        destination: { s3: { bucketName: built.bucket, prefix: 'signed/' } },
      }),
    );
    let job = await cloud.signer.send(new DescribeSigningJobCommand({ jobId }));
    while (job.status === 'InProgress') job = await cloud.signer.send(new DescribeSigningJobCommand({ jobId }));
    expect(job.status).toBe('Succeeded');

    // …put in the signature cache in place of the genuine one.
    const cacheFile = join(dir, '.toolkit', 'signatures.json');
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as SignatureCacheFile;
    const entry = cache.entries[0]!;
    const evilSigned = job.signedObject!.s3!;
    entry.jobId = jobId!;
    entry.jobArn = entry.jobArn.replace(/[^/]+$/, jobId!);
    entry.signedObject = { bucket: evilSigned.bucketName!, key: evilSigned.key! };
    await writeFile(cacheFile, JSON.stringify(cache));

    const run = await runToolkit(signArgs(), { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toContain('Hello');
    expect(run.stderr).toContain('reused signature');
    expect(run.stderr).toContain(`expected SHA-384 ${digestOf(built.bytes)}`);
    expect(run.stderr).toContain(`found SHA-384 ${digestOf(evil)}`);
    expect(existsSync(join(dir, 'packaged.yaml'))).toBe(false);
  });

  it('signs again, rather than reusing or failing, when a cached signature is in an envelope form no longer accepted (a high-S signature)', async () => {
    await rm(join(dir, '.toolkit', 'signatures.json'), { force: true });
    const good = packageJson(await runToolkit([...signArgs(), '--force-upload'], { cwd: dir })).artifacts[0]!.signing!;
    const bucket = built.bucket;
    const signedZip = await getObjectBytes(cloud.s3, bucket, good.signedKey);
    // The twin of the signature with S replaced by n − S: valid ECDSA, but not the one accepted form.
    const layout = readZipLayout(signedZip);
    const envelope = JSON.parse(
      Buffer.from(layout.comment.subarray(SIGNATURE_MARKER.length).toString('latin1'), 'base64url').toString('utf8'),
    ) as Record<string, string>;
    const { r, s } = derToPair(Buffer.from(envelope.signature!, 'base64'));
    const comment = Buffer.from(
      SIGNATURE_MARKER +
        Buffer.from(
          JSON.stringify({ ...envelope, signature: pairToDer(r, P384_ORDER - s).toString('base64') }),
        ).toString('base64url'),
      'latin1',
    );
    const length = Buffer.alloc(2);
    length.writeUInt16LE(comment.length);
    await cloud.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: good.signedKey,
        Body: Buffer.concat([signedZip.subarray(0, layout.commentLengthOffset), length, comment]),
      }),
    );
    const cacheFile = join(dir, '.toolkit', 'signatures.json');
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as SignatureCacheFile;
    cache.entries[0]!.signedObject = { bucket, key: good.signedKey };
    await writeFile(cacheFile, JSON.stringify(cache));

    const run = await runToolkit(signArgs(), { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const again = packageJson(run).artifacts[0]!.signing!;
    expect(again.reused).toBe(false);
    expect(again.jobId).not.toBe(good.jobId);
  });

  it('warns once, and signs again, when the signature cache is corrupt', async () => {
    await writeFile(join(dir, '.toolkit', 'signatures.json'), '{ not json');
    const run = await runToolkit([...signArgs(), '--force-upload'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(packageJson(run).artifacts[0]!.signing?.reused).toBe(false);
    const cacheWarnings = run.stderr.split('\n').filter((line) => line.includes('signatures.json'));
    expect(cacheWarnings).toEqual([
      expect.stringMatching(/^warning: .*signatures\.json: .*; ignoring the signature cache and signing again$/),
    ]);
  });
});
