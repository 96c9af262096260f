import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { toolkitArgs } from './toolkit-command.ts';

/** Knobs of the served cloud, as `toolkit local start` takes them. */
export interface LocalCloudOptions {
  stateDir: string;
  signingJobLatencyMs?: number;
  signingJobRateLimit?: number;
}

/** A `toolkit local start` child process. */
export interface LocalCloudProcess {
  endpoint: string;
  /** Environment that points the AWS CLI (and SDKs) at it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Serves the local cloud from its own process, so contenders' peak RSS and CPU are
 * theirs alone and both contenders talk to the same endpoint.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloudProcess> {
  const port = await freePort();
  const args = ['local', 'start', '--port', String(port), '--state-dir', options.stateDir];
  if (options.signingJobLatencyMs) args.push('--signing-job-latency-ms', String(options.signingJobLatencyMs));
  if (options.signingJobRateLimit) args.push('--signing-job-rate-limit', String(options.signingJobRateLimit));
  const child = spawn(process.execPath, toolkitArgs(args), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(endpoint, child, () => stderr);
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function waitUntilServing(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`toolkit local start exited ${child.exitCode}: ${stderr()}`);
    // Any HTTP answer (even an error document) means the server is up.
    const answered = await fetch(endpoint, { method: 'GET' }).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`toolkit local start did not answer on ${endpoint} within 30 s: ${stderr()}`);
}
