/// <reference lib="dom" />
import { pathOf, type AwsClient } from '../aws-client.ts';
import { describeError, field, h, statusLine, table, time } from '../dom.ts';
import { action, type PageContext } from '../page-context.ts';
import { listBucketNames } from './objects.ts';

interface Job {
  jobId: string;
  profileName?: string;
  profileVersion?: string;
  status?: string;
  statusReason?: string;
  createdAt?: number;
  completedAt?: number;
  isRevoked?: boolean;
  source?: { s3?: { bucketName?: string; key?: string; version?: string } };
  signedObject?: { s3?: { bucketName?: string; key?: string } };
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/** Signing jobs: start one from an S3 object version, follow it live, revoke a signature. */
export async function renderJobs(ctx: PageContext): Promise<HTMLElement> {
  const { client, params } = ctx;
  const status = statusLine('page-status');
  const act = (work: () => Promise<string>) => action(ctx, status.show, work);
  const onlyProfile = params.get('profile') ?? '';
  const [{ jobs = [] }, { profiles = [] }, buckets] = await Promise.all([
    client.json<{ jobs?: Job[] }>('signer', 'GET', '/signing-jobs'),
    client.json<{ profiles?: { profileName: string }[] }>('signer', 'GET', '/signing-profiles'),
    listBucketNames(client),
  ]);

  const profile = h(
    'select',
    { id: 'job-profile', required: true },
    profiles.map((p) => h('option', { value: p.profileName, selected: p.profileName === onlyProfile }, p.profileName)),
  );
  const bucket = h(
    'select',
    { id: 'job-bucket', required: true },
    buckets.map((name) => h('option', { value: name, selected: name === params.get('bucket') }, name)),
  );
  const key = h('input', { id: 'job-key', required: true, autocomplete: 'off', value: params.get('key') ?? '' });
  const version = h('input', { id: 'job-version', autocomplete: 'off', value: params.get('version') ?? '' });
  const prefix = h('input', { id: 'job-prefix', value: 'signed/', autocomplete: 'off' });
  const live = statusLine('job-live');
  const start = h(
    'form',
    {
      'aria-labelledby': 'start-job-title',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        live.show('Starting…', 'busy');
        try {
          const objectVersion = version.value || (await latestVersion(client, bucket.value, key.value));
          const { jobId } = await client.json<{ jobId: string }>('signer', 'POST', '/signing-jobs', {
            source: { s3: { bucketName: bucket.value, key: key.value, version: objectVersion } },
            destination: { s3: { bucketName: bucket.value, prefix: prefix.value } },
            profileName: profile.value,
            clientRequestToken: crypto.randomUUID(),
          });
          const job = await follow(client, jobId, (current) => live.show(`Job ${jobId}: ${current}`, 'busy'));
          const signed = job.signedObject?.s3;
          const message =
            job.status === 'Succeeded'
              ? `Job ${jobId} Succeeded: signed s3://${signed?.bucketName ?? ''}/${signed?.key ?? ''} with ${job.profileName ?? ''} version ${job.profileVersion ?? ''}`
              : `Job ${jobId} ${job.status ?? ''}: ${job.statusReason ?? ''}`;
          await ctx.refresh(message, job.status === 'Succeeded' ? 'ok' : 'error');
        } catch (error) {
          live.show(describeError(error), 'error');
        }
      },
    },
    h('h3', { id: 'start-job-title' }, 'Start a signing job'),
    field('Signing profile', profile),
    field('Source bucket', bucket),
    field('Source key', key),
    field('Source version', version, 'Empty: the latest version'),
    field('Destination prefix', prefix, 'In the source bucket'),
    h('button', { type: 'submit' }, 'Start signing job'),
    live.element,
  );

  const shown = onlyProfile ? jobs.filter((job) => job.profileName === onlyProfile) : jobs;
  const rows = shown.map((job) => [
    job.jobId,
    job.profileName ?? '',
    job.profileVersion ?? '',
    job.isRevoked ? 'Revoked' : (job.status ?? ''),
    `${job.source?.s3?.bucketName ?? ''}/${job.source?.s3?.key ?? ''}`,
    job.signedObject?.s3?.key ? `${job.signedObject.s3.bucketName ?? ''}/${job.signedObject.s3.key}` : '',
    time(job.createdAt),
    job.status === 'Succeeded' && !job.isRevoked
      ? h(
          'button',
          {
            type: 'button',
            onclick: act(async () => {
              await client.json('signer', 'PUT', `/signing-jobs/${encodeURIComponent(job.jobId)}/revoke`, {
                reason: 'Revoked from the console',
              });
              return `Revoked the signature of job ${job.jobId}.`;
            }),
          },
          'Revoke signature',
        )
      : '',
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'jobs-title' },
    h('h2', { id: 'jobs-title' }, onlyProfile ? `Signing jobs of ${onlyProfile}` : 'Signing jobs'),
    status.element,
    start,
    table(
      'Signing jobs',
      ['Job', 'Profile', 'Version', 'Status', 'Source', 'Signed object', 'Created', 'Actions'],
      rows,
    ),
  );
}

/** The newest version of an object, as S3 reports it (Signer needs a version). */
async function latestVersion(client: AwsClient, bucket: string, key: string): Promise<string> {
  const answer = await client.s3('HEAD', pathOf(bucket, ...key.split('/')));
  return answer.headers.get('x-amz-version-id') ?? '';
}

/** Describes the job until it ends, telling each new status. */
async function follow(client: AwsClient, jobId: string, onStatus: (status: string) => void): Promise<Job> {
  for (;;) {
    const job = await client.json<Job>('signer', 'GET', `/signing-jobs/${encodeURIComponent(jobId)}`);
    onStatus(job.status ?? '');
    if (TERMINAL.has(job.status ?? '')) return job;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
