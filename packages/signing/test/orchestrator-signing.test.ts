import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { CancelSigningProfileCommand, RevokeSignatureCommand } from '@aws-sdk/client-signer';
import { recordingIoHost, UserInputError, messages } from '@toolkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSignedZip } from '../src/format/read-signed-zip.ts';
import { resolveProfiles } from '../src/orchestrator/resolve-profiles.ts';
import { signArtifacts } from '../src/orchestrator/sign-artifacts.ts';
import { SignatureCache } from '../src/orchestrator/signature-cache.ts';
import { SigningFailedError } from '../src/orchestrator/signing-failed-error.ts';
import type { ResolvedProfile, SignRequest, SignResult } from '../src/orchestrator/types.ts';
import { createProfile, startTestCloud, starts, uploadedRequest, type TestCloud } from './orchestrator-fixtures.ts';
import { storedZip } from '@toolkit/test-support';

const DAY = 86_400_000;

async function requests(
  env: TestCloud,
  count: number,
  profiles: ResolvedProfile[],
  tag = 'fn',
): Promise<SignRequest[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      uploadedRequest(
        env,
        `${tag}${i}`,
        storedZip({ 'index.js': `exports.handler = async () => '${tag}-${i}';` }),
        profiles[i % profiles.length] as ResolvedProfile,
      ),
    ),
  );
}

async function expectSignedObject(env: TestCloud, result: SignResult): Promise<void> {
  const got = await env.s3.send(
    new GetObjectCommand({
      Bucket: result.signedObject.bucket,
      Key: result.signedObject.key,
      VersionId: result.signedObject.versionId,
    }),
  );
  const contents = readSignedZip(Buffer.from(await got.Body!.transformToByteArray()));
  if (contents.unsigned) throw new Error(`${result.id}: signed object carries no signature`);
  expect(contents.digestMatches).toBe(true);
  expect(contents.envelope.profileVersionArn).toBe(result.profileVersionArn);
  expect(contents.envelope.jobArn).toBe(result.jobArn);
  expect(contents.envelope.expiresAt).toBe(result.expiresAt);
}

describe('signArtifacts against the local cloud', () => {
  let env: TestCloud;
  let cachePath: string;
  beforeEach(async () => {
    env = await startTestCloud();
    cachePath = join(env.dir, '.toolkit', 'signatures.json');
  });
  afterEach(async () => {
    await env.close();
  });

  it('signs 12 artifacts in parallel with 2 profiles, then a re-run reuses all of them', async () => {
    await createProfile(env.signer, 'ProfA');
    await createProfile(env.signer, 'ProfB');
    const profiles = await resolveProfiles(env.signer, [{ profileName: 'ProfA' }, { profileName: 'ProfB' }]);
    const profA = profiles.get('ProfA')!;
    expect(profA).toMatchObject({ profileName: 'ProfA', status: 'Active', validity: { value: 135, type: 'MONTHS' } });
    expect(profA.profileVersionArn).toMatch(
      /^arn:aws:signer:us-east-1:\d{12}:\/signing-profiles\/ProfA\/[a-zA-Z0-9]{10}$/,
    );
    const jobs = await requests(env, 12, [profA, profiles.get('ProfB')!]);

    const io = recordingIoHost();
    const first = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
      concurrency: 8,
      cache: await SignatureCache.load(cachePath),
      io,
    });
    expect(first.map((r) => r.id)).toEqual(jobs.map((j) => j.id));
    expect(starts(env.log)).toBe(12);
    expect(env.log.maxInFlight).toBeGreaterThan(1);
    expect(new Set(first.map((r) => r.jobId)).size).toBe(12);
    for (const [i, r] of first.entries()) {
      expect(r.reused).toBe(false);
      expect(r.profileVersionArn).toBe(jobs[i]!.profile.profileVersionArn);
      expect(r.signedObject.key).toBe(`signed/${r.jobId}.zip`);
      await expectSignedObject(env, r);
    }
    expect(io.events.filter((e) => e.state === 'start')).toHaveLength(12);
    expect(io.events.filter((e) => e.state === 'done')).toHaveLength(12);

    // A new process: the cache comes back from disk, and nothing is signed again.
    const io2 = recordingIoHost();
    const second = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
      concurrency: 8,
      cache: await SignatureCache.load(cachePath),
      io: io2,
    });
    expect(starts(env.log)).toBe(12);
    expect(second.every((r) => r.reused)).toBe(true);
    expect(second.map((r) => r.jobId)).toEqual(first.map((r) => r.jobId));
    expect(second.map((r) => r.signedObject)).toEqual(first.map((r) => r.signedObject));
    expect(io2.events.filter((e) => e.state === 'skip')).toHaveLength(12);
  });

  it('re-signs an artifact whose signature was revoked, and only that one', async () => {
    await createProfile(env.signer, 'ProfA');
    const profA = (await resolveProfiles(env.signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const jobs = await requests(env, 3, [profA]);
    const first = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
      cache: await SignatureCache.load(cachePath),
    });
    await env.signer.send(new RevokeSignatureCommand({ jobId: first[1]!.jobId, reason: 'compromised build' }));

    const second = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
      cache: await SignatureCache.load(cachePath),
    });
    expect(starts(env.log)).toBe(4);
    expect(second.map((r) => r.reused)).toEqual([true, false, true]);
    expect(second[1]!.jobId).not.toBe(first[1]!.jobId);
    await expectSignedObject(env, second[1]!);

    const third = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
      cache: await SignatureCache.load(cachePath),
    });
    expect(starts(env.log)).toBe(4);
    expect(third.map((r) => r.jobId)).toEqual(second.map((r) => r.jobId));
  });

  it('re-signs every run when the profile signs for less than the minimum validity', async () => {
    await createProfile(env.signer, 'ShortLived', { value: 1, type: 'DAYS' });
    const short = (await resolveProfiles(env.signer, [{ profileName: 'ShortLived' }])).get('ShortLived')!;
    const jobs = await requests(env, 1, [short]);
    const seen = new Set<string>();
    for (let run = 1; run <= 3; run++) {
      const io = recordingIoHost();
      const [result] = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
        cache: await SignatureCache.load(cachePath),
        minSignatureValidityMs: 30 * DAY,
        io,
      });
      expect(result!.reused).toBe(false);
      expect(Date.parse(result!.expiresAt) - Date.now()).toBeLessThanOrEqual(DAY);
      expect(io.messages.some((m) => m.code === messages.SignatureValidityShort.code)).toBe(true);
      seen.add(result!.jobId);
      expect(starts(env.log)).toBe(run);
    }
    expect(seen.size).toBe(3);
    // With a minimum the signature does meet, it is reused.
    const [reused] = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, {
      cache: await SignatureCache.load(cachePath),
      minSignatureValidityMs: DAY / 2,
    });
    expect(reused!.reused).toBe(true);
  });

  it('re-signs when the cached signed object was deleted', async () => {
    await createProfile(env.signer, 'ProfA');
    const profA = (await resolveProfiles(env.signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const jobs = await requests(env, 1, [profA]);
    const cache = new SignatureCache();
    const [first] = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, { cache });
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await env.s3.send(
      new DeleteObjectCommand({
        Bucket: first!.signedObject.bucket,
        Key: first!.signedObject.key,
        VersionId: first!.signedObject.versionId,
      }),
    );
    const [second] = await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, { cache });
    expect(second!.reused).toBe(false);
    await env.s3.send(new HeadObjectCommand({ Bucket: second!.signedObject.bucket, Key: second!.signedObject.key }));
  });

  it('stops at the first failed job: lists it and starts nothing after the failure is seen', async () => {
    await createProfile(env.signer, 'ProfA');
    const profA = (await resolveProfiles(env.signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const good = await requests(env, 5, [profA]);
    const bad = await uploadedRequest(env, 'broken', Buffer.from('this is not a zip file at all'), profA);
    const jobs = [good[0]!, bad, ...good.slice(1)];
    const io = recordingIoHost();
    const cache = new SignatureCache();
    const attempt = signArtifacts({ s3: env.s3, signer: env.signer }, jobs, { concurrency: 1, cache, io });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningFailedError);
    const failure = error as SigningFailedError;
    expect(failure.code).toBe(messages.SigningFailed.code);
    expect(failure.source).toBe('toolkit');
    expect(failure.failures).toHaveLength(1);
    expect(failure.failures[0]).toMatchObject({
      id: 'broken',
      profileName: 'ProfA',
      jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(failure.message).toContain('broken (profile ProfA, job ');
    expect(failure.message).toContain(failure.failures[0]!.statusReason);
    expect(failure.completed.map((r) => r.id)).toEqual(['fn0']);
    expect(failure.notStarted).toEqual(['fn1', 'fn2', 'fn3', 'fn4']);
    expect(starts(env.log)).toBe(2);
    expect(io.events.filter((e) => e.state === 'fail').map((e) => e.task)).toEqual(['broken']);
    // What did sign is cached for the next run.
    expect(cache.size).toBe(1);
  });

  it('with jobs in flight, lists every failure and starts no job once a failure is seen', async () => {
    await env.close();
    env = await startTestCloud({ signingJobLatencyMs: 400 });
    await createProfile(env.signer, 'ProfA');
    const profA = (await resolveProfiles(env.signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const bad1 = await uploadedRequest(env, 'broken1', Buffer.from('not a zip, one'), profA);
    const bad2 = await uploadedRequest(env, 'broken2', Buffer.alloc(0), profA);
    const good = await requests(env, 10, [profA]);
    const error = (await signArtifacts({ s3: env.s3, signer: env.signer }, [bad1, bad2, ...good], {
      concurrency: 4,
    }).catch((e: unknown) => e)) as SigningFailedError;
    expect(error).toBeInstanceOf(SigningFailedError);
    expect(error.failures.map((f) => f.id).sort()).toEqual(['broken1', 'broken2']);
    expect(error.message).toContain('broken1');
    expect(error.message).toContain('broken2');
    const firstFailure = env.log.events.indexOf('failed-seen');
    expect(firstFailure).toBeGreaterThan(-1);
    expect(env.log.events.slice(firstFailure)).not.toContain('start');
    expect(error.completed.length + error.failures.length + error.notStarted.length).toBe(12);
    expect(error.notStarted.length).toBeGreaterThan(0);
  });

  it('reports a profile canceled after it was resolved as a failure of its artifacts', async () => {
    await createProfile(env.signer, 'Doomed');
    const doomed = (await resolveProfiles(env.signer, [{ profileName: 'Doomed' }])).get('Doomed')!;
    const jobs = await requests(env, 2, [doomed]);
    await env.signer.send(new CancelSigningProfileCommand({ profileName: 'Doomed' }));
    const error = (await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, { concurrency: 1 }).catch(
      (e: unknown) => e,
    )) as SigningFailedError;
    expect(error).toBeInstanceOf(SigningFailedError);
    expect(error.failures).toEqual([expect.objectContaining({ id: 'fn0', profileName: 'Doomed', jobId: undefined })]);
    expect(error.notStarted).toEqual(['fn1']);
    expect(starts(env.log)).toBe(1);
  });

  it('resolveProfiles names a missing or canceled profile and the local fix', async () => {
    const missing = resolveProfiles(env.signer, [{ profileName: 'Nope' }], { target: 'local' });
    await expect(missing).rejects.toBeInstanceOf(UserInputError);
    await expect(missing).rejects.toMatchObject({
      code: messages.SigningProfileNotFound.code,
      message: expect.stringContaining('toolkit local profile create Nope'),
    });
    await createProfile(env.signer, 'Gone');
    await env.signer.send(new CancelSigningProfileCommand({ profileName: 'Gone' }));
    await expect(resolveProfiles(env.signer, [{ profileName: 'Gone' }], { target: 'local' })).rejects.toMatchObject({
      code: messages.SigningProfileInactive.code,
      message: expect.stringMatching(/"Gone" is Canceled.*toolkit local profile create Gone/),
    });
    await expect(resolveProfiles(env.signer, [{ profileName: 'Nope' }], { target: 'aws' })).rejects.toMatchObject({
      message: expect.not.stringContaining('toolkit local'),
    });
  });

  it('times out with SigningTimeout naming the jobs still running', async () => {
    await env.close();
    env = await startTestCloud({ signingJobLatencyMs: 5_000 });
    await createProfile(env.signer, 'ProfA');
    const profA = (await resolveProfiles(env.signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const jobs = await requests(env, 2, [profA]);
    const error = (await signArtifacts({ s3: env.s3, signer: env.signer }, jobs, { timeoutMs: 600 }).catch(
      (e: unknown) => e,
    )) as SigningFailedError;
    expect(error).toBeInstanceOf(SigningFailedError);
    expect(error.code).toBe(messages.SigningTimeout.code);
    expect(error.failures.map((f) => f.id)).toEqual(['fn0', 'fn1']);
    expect(error.failures.every((f) => f.jobId !== undefined && f.statusReason.includes('timed out'))).toBe(true);
  });
});

describe('signArtifacts under cloud knobs', () => {
  let env: TestCloud | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('completes every job when StartSigningJob is throttled to 5 per second', async () => {
    env = await startTestCloud({ startSigningJobRateLimit: 5 });
    // No SDK retries: every throttle reaches the orchestrator's own backoff.
    const { signer, log } = env.newSigner({ maxAttempts: 1 });
    await createProfile(signer, 'ProfA');
    const profA = (await resolveProfiles(signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const jobs = await requests(env, 12, [profA]);
    const io = recordingIoHost();
    const results = await signArtifacts({ s3: env.s3, signer }, jobs, { concurrency: 8, io });
    expect(results).toHaveLength(12);
    expect(results.every((r) => !r.reused)).toBe(true);
    expect(new Set(results.map((r) => r.jobId)).size).toBe(12);
    expect(log.throttled).toBeGreaterThan(0);
    expect(io.messages.some((m) => m.code === messages.SignerThrottled.code)).toBe(true);
  });

  it('keeps at most `concurrency` jobs in flight', async () => {
    env = await startTestCloud({ signingJobLatencyMs: 300 });
    await createProfile(env.signer, 'ProfA');
    const profA = (await resolveProfiles(env.signer, [{ profileName: 'ProfA' }])).get('ProfA')!;
    const jobs = await requests(env, 12, [profA]);
    const serial = env.newSigner();
    await signArtifacts({ s3: env.s3, signer: serial.signer }, jobs.slice(0, 6), { concurrency: 1 });
    expect(serial.log.maxInFlight).toBe(1);
    const parallel = env.newSigner();
    await signArtifacts({ s3: env.s3, signer: parallel.signer }, jobs.slice(6), { concurrency: 3 });
    expect(parallel.log.maxInFlight).toBeGreaterThan(1);
    expect(parallel.log.maxInFlight).toBeLessThanOrEqual(3);
  });
});
