import { Readable } from 'node:stream';
import { ListBucketsCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { ListSigningProfilesCommand, SignerClient } from '@aws-sdk/client-signer';
import {
  cloudClientConfig,
  JSON_BODY_LIMIT,
  openRequestAuthenticator,
  startCloud,
  type ServiceRequest,
} from '@toolkit/cloud';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';

/** A request as the SDK signed it, captured before it left the process. */
interface Captured {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

/** B10: what checking a SigV4 signature costs per request, next to a whole request's round trip. */
export const b10SignatureVerification: Benchmark = {
  id: 'B10',
  title: 'SigV4 verification per request (S3 and Signer requests signed by the AWS SDK), vs a whole S3 round trip',
  target: 'verification p50 < 50 µs over a 1,000-request run',
  async run(ctx): Promise<BenchmarkResult> {
    const verifications = ctx.config.mode === 'smoke' ? 100 : 1_000;
    const roundTrips = ctx.config.mode === 'smoke' ? 20 : 200;
    const stateDir = await ctx.scratch('b7-state');
    const cloud = await startCloud({ stateDir });
    let verifyUs: number[] = [];
    let tripUs: number[] = [];
    try {
      const requests = [
        { service: 's3', request: await capture(cloud.endpoint, 's3') },
        { service: 'signer', request: await capture(cloud.endpoint, 'signer') },
      ];
      const { authenticator, close } = openRequestAuthenticator(stateDir);
      try {
        for (let i = 0; i < verifications; i++) {
          const { service, request } = requests[i % requests.length]!;
          const started = process.hrtime.bigint();
          await authenticator.authenticate(request, service, JSON_BODY_LIMIT);
          verifyUs.push(Number(process.hrtime.bigint() - started) / 1_000);
        }
      } finally {
        close();
      }
      const s3 = new S3Client(cloudClientConfig(cloud.endpoint));
      try {
        for (let i = 0; i < roundTrips; i++) {
          const started = process.hrtime.bigint();
          await s3.send(new ListBucketsCommand({}));
          tripUs.push(Number(process.hrtime.bigint() - started) / 1_000);
        }
      } finally {
        s3.destroy();
      }
    } finally {
      await cloud.close();
    }
    verifyUs = verifyUs.sort((a, b) => a - b);
    tripUs = tripUs.sort((a, b) => a - b);
    const p50 = percentile(verifyUs, 0.5);
    const p99 = percentile(verifyUs, 0.99);
    const trip = percentile(tripUs, 0.5);
    const summary = (contender: string, values: number[]) => ({
      contender,
      runs: values.length,
      medianWallMs: percentile(values, 0.5) / 1_000,
      minWallMs: (values[0] ?? 0) / 1_000,
      maxWallMs: (values.at(-1) ?? 0) / 1_000,
      medianRssKb: 0,
      maxRssKb: 0,
    });
    return {
      id: this.id,
      title: this.title,
      target: this.target,
      rows: [
        {
          workload: `${verifications} verifications, ${roundTrips} round trips`,
          summaries: [summary('verification', verifyUs), summary('S3 ListBuckets round trip', tripUs)],
          ratio: trip / p50,
          ratioLabel: `verification is ${((p50 / trip) * 100).toFixed(1)}% of a round trip`,
        },
      ],
      checks: [
        {
          target: 'verification p50 < 50 µs',
          measured: `p50 ${p50.toFixed(1)} µs, p99 ${p99.toFixed(1)} µs`,
          pass: p50 < 50,
        },
      ],
      notes: [
        'Requests are signed by the AWS SDK (S3 GET with x-amz-content-sha256, Signer GET with the path encoded twice) and verified in-process against the state folder’s identities; derived keys are cached, so a request costs one SHA-256 of its canonical request and one HMAC.',
      ],
    };
  },
};

/** One request of `service` as the SDK signs it with the admin key, turned into what the server hands the authenticator. */
async function capture(endpoint: string, service: 's3' | 'signer'): Promise<ServiceRequest> {
  let captured: Captured | undefined;
  const requestHandler = {
    handle: (request: Captured) => {
      captured = request;
      return Promise.reject(new Error('captured'));
    },
  } as unknown as S3ClientConfig['requestHandler'];
  const config = { ...cloudClientConfig(endpoint), requestHandler, maxAttempts: 1 };
  if (service === 's3') {
    const client = new S3Client(config);
    await client.send(new ListBucketsCommand({})).catch(() => undefined);
    client.destroy();
  } else {
    const client = new SignerClient(config);
    await client.send(new ListSigningProfilesCommand({ maxResults: 5 })).catch(() => undefined);
    client.destroy();
  }
  if (!captured) throw new Error(`the SDK sent no ${service} request`);
  const rawQuery = Object.entries(captured.query)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) =>
        v === null ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(v)}`,
      ),
    )
    .join('&');
  const headers = Object.fromEntries(Object.entries(captured.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: captured.method,
    path: captured.path,
    rawPath: captured.path,
    query: new URLSearchParams(rawQuery),
    rawQuery,
    headers,
    scope: undefined,
    virtualHostBucket: undefined,
    stream: Readable.from([]),
    readBody: () => Promise.resolve(Buffer.alloc(0)),
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
