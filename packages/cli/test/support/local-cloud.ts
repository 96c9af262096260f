import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SignerClient } from '@aws-sdk/client-signer';
import { defaultStateDir, startCloud, type RunningCloud, type StartCloudOptions } from '@toolkit/cloud';
import { testStateHome } from './run-toolkit.ts';

/** SDK v3 clients pointed at one local cloud, configured as a user would for loopback. */
export interface CloudClients {
  endpoint: string;
  s3: S3Client;
  signer: SignerClient;
  lambda: LambdaClient;
  cloudformation: CloudFormationClient;
}

/** Clients for the cloud at `endpoint` (path-style S3, no Signer host prefix). */
export function cloudClients(endpoint: string, region = 'us-east-1'): CloudClients & { destroy(): void } {
  const config = { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const clients = {
    s3: new S3Client({ ...config, forcePathStyle: true }),
    signer: new SignerClient({ ...config, disableHostPrefix: true }),
    lambda: new LambdaClient(config),
    cloudformation: new CloudFormationClient(config),
  };
  return { endpoint, ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}

/** A running cloud with clients; `close()` stops both. */
export async function openCloud(options: StartCloudOptions & { stateDir: string }): Promise<CloudClients & { cloud: RunningCloud; close(): Promise<void> }> {
  const cloud = await startCloud(options);
  const clients = cloudClients(cloud.endpoint, cloud.region);
  return {
    ...clients,
    cloud,
    async close() {
      clients.destroy();
      await cloud.close();
    },
  };
}

/**
 * Starts a cloud on `stateDir` just long enough to run `use`: for looking at the
 * state an in-process CLI run left behind (never while another cloud holds it).
 */
export async function withCloud<T>(stateDir: string, use: (clients: CloudClients) => Promise<T>): Promise<T> {
  const opened = await openCloud({ stateDir });
  try {
    return await use(opened);
  } finally {
    await opened.close();
  }
}

/** The state folder the CLI uses by default for a project run in `projectRoot`. */
export function projectStateDir(projectRoot: string): string {
  return defaultStateDir(projectRoot, { XDG_STATE_HOME: testStateHome() });
}
