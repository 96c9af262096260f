import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SignerClient } from '@aws-sdk/client-signer';
import type { STSClient } from '@aws-sdk/client-sts';
import { silentIoHost, type IoHost, messages } from '@toolkit/core';
import { handleNonAwsReplies, type MiddlewareStackLike } from './non-aws-reply.ts';
import { OptionError } from './option-error.ts';
import { moduleExports } from './sdk-module.ts';
import { readSharedAwsConfig, type ServiceId } from './shared-aws-config.ts';

/** Where AWS calls go. */
export interface TargetOptions {
  /** `local` (default): the embedded cloud, started in-process; `aws`: the SDK's default credential chain. */
  target?: 'local' | 'aws';
  endpointUrl?: string;
  region?: string;
  profile?: string;
  /** State folder of the embedded cloud (local target), relative to `cwd`; default the project's (`resolveStateDir`). */
  stateDir?: string;
  /** The working directory, which is also the project root that names the default state folder. */
  cwd?: string;
  /** Environment for the default state folder (`XDG_STATE_HOME`, `HOME`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The SDK clients of one run, all pointed at the same target. */
export interface AwsSession {
  target: 'local' | 'aws';
  region: string;
  /** The endpoint in use, when not AWS's own. */
  endpoint: string | undefined;
  /** On the local target: the endpoint that keeps serving after this run (a cloud it joined or was pointed at). */
  servedEndpoint?: string;
  s3: S3Client;
  signer: SignerClient;
  /** The STS client, loaded on first use: only naming a managed bucket asks who the caller is. */
  stsClient(): Promise<STSClient>;
  /** The CloudFormation and Lambda clients, loaded on first use: packaging never needs them. */
  deployClients(): Promise<DeployClients>;
  /** The CloudWatch Logs client, loaded on first use (`logs` reads functions' logs through it). */
  logsClient(): Promise<CloudWatchLogsClient>;
  /** On the local target: Lambda's code-signing warnings so far (each `Warn` acceptance), oldest first. */
  signatureWarnings?: () => string[];
  close(): Promise<void>;
}

/** The local cloud's `admin` identity (its account root): the toolkit acts as the administrator unless told otherwise. */
const localCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * Opens the clients for a target. On the local target this starts the embedded cloud on an
 * ephemeral loopback port, or joins the cloud that already owns the state folder (`io` says which).
 */
export async function openAwsSession(options: TargetOptions, io: IoHost = silentIoHost): Promise<AwsSession> {
  const target = options.target ?? 'local';
  if (target === 'local' && !options.endpointUrl) {
    // Loaded only when a local cloud is started: commands aimed at an endpoint never pay for it.
    const { openSharedCloud, readSignatureValidationMetrics } = await import('@toolkit/cloud');
    const stateDir = await localStateDir(options, io);
    const cloud = await openSharedCloud({ stateDir, ...(options.region ? { region: options.region } : {}) }, io);
    const clients = makeClients({ region: cloud.region, credentials: localCredentials }, () => cloud.endpoint);
    return {
      target,
      region: cloud.region,
      endpoint: cloud.endpoint,
      ...(cloud.mode === 'joined' ? { servedEndpoint: cloud.endpoint } : {}),
      ...clients,
      signatureWarnings: () =>
        readSignatureValidationMetrics(cloud.stateDir).records.map(
          (r) =>
            `Lambda accepted ${r.artifactArn === r.functionArn ? 'code' : `layer ${r.artifactArn}`} of ${r.functionName} under Warn: ${r.reason} (SignatureValidationErrors)`,
        ),
      async close() {
        destroyClients(clients);
        await cloud.close();
      },
    };
  }
  // Region and endpoints as the AWS CLI reads them: flags and AWS_REGION first, then the profile.
  const shared =
    target === 'aws'
      ? await readSharedAwsConfig(options.profile)
      : { region: undefined, endpoints: new Map<ServiceId, string>() };
  // A local cloud at --endpoint-url (e.g. `toolkit local start`) answers in us-east-1 unless told otherwise.
  const region =
    options.region ?? shared.region ?? process.env.AWS_DEFAULT_REGION ?? (target === 'local' ? 'us-east-1' : undefined);
  if (!region) {
    const where = options.profile ? `profile ${options.profile}` : 'the AWS config file';
    throw new OptionError(
      messages.MissingRegion,
      'region',
      (n) => `${n('region')}: no region given and none in AWS_REGION/AWS_DEFAULT_REGION or ${where}`,
    );
  }
  const endpoints: Endpoints = (service) => options.endpointUrl ?? shared.endpoints.get(service);
  const clients = makeClients(
    {
      region,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(target === 'local' ? { credentials: localCredentials } : {}),
    },
    endpoints,
  );
  return {
    target,
    region,
    endpoint: endpoints('S3'),
    ...(target === 'local' && options.endpointUrl ? { servedEndpoint: options.endpointUrl.replace(/\/+$/, '') } : {}),
    ...clients,
    async close() {
      destroyClients(clients);
    },
  };
}

/**
 * The embedded cloud's state folder: `stateDir` relative to `cwd`, else the project's folder
 * under the user's state folder (`$XDG_STATE_HOME/toolkit/<project id>`), the project being `cwd`.
 */
export async function localStateDir(
  options: Pick<TargetOptions, 'stateDir' | 'cwd' | 'env'>,
  io: IoHost = silentIoHost,
): Promise<string> {
  const { resolveStateDir } = await import('@toolkit/cloud');
  return resolveStateDir(
    {
      ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
      projectRoot: options.cwd ?? process.cwd(),
      ...(options.env ? { env: options.env } : {}),
    },
    io,
  );
}

/** Clients only deploying needs. */
export interface DeployClients {
  cloudformation: CloudFormationClient;
  lambda: LambdaClient;
}

type ClientConfig = {
  region: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};
/** The endpoint each service is sent to; `undefined` is AWS's own. */
type Endpoints = (service: ServiceId) => string | undefined;
type Clients = Pick<AwsSession, 's3' | 'signer' | 'stsClient' | 'deployClients' | 'logsClient'> & { destroy(): void };

function makeClients(config: ClientConfig, endpoints: Endpoints): Clients {
  const forService = (service: ServiceId) => {
    const endpoint = endpoints(service);
    return endpoint === undefined ? config : { ...config, endpoint };
  };
  const withReplyCheck = <T extends { middlewareStack: unknown }>(client: T): T => {
    handleNonAwsReplies(client.middlewareStack as MiddlewareStackLike);
    return client;
  };
  // Loopback has no bucket subdomains or `data-` host prefixes; real AWS keeps its defaults.
  const s3 = withReplyCheck(new S3Client({ ...forService('S3'), forcePathStyle: endpoints('S3') !== undefined }));
  const signer = withReplyCheck(
    new SignerClient({ ...forService('signer'), disableHostPrefix: endpoints('signer') !== undefined }),
  );
  let sts: Promise<STSClient> | undefined;
  const stsClient = (): Promise<STSClient> =>
    (sts ??= import('@aws-sdk/client-sts').then((module) =>
      withReplyCheck(new (moduleExports(module).STSClient)(forService('STS'))),
    ));
  let deploy: Promise<DeployClients> | undefined;
  const deployClients = (): Promise<DeployClients> =>
    (deploy ??= Promise.all([import('@aws-sdk/client-cloudformation'), import('@aws-sdk/client-lambda')]).then(
      ([cfn, lambda]) => ({
        cloudformation: withReplyCheck(new (moduleExports(cfn).CloudFormationClient)(forService('CloudFormation'))),
        lambda: withReplyCheck(new (moduleExports(lambda).LambdaClient)(forService('Lambda'))),
      }),
    ));
  let logs: Promise<CloudWatchLogsClient> | undefined;
  const logsClient = (): Promise<CloudWatchLogsClient> =>
    (logs ??= import('@aws-sdk/client-cloudwatch-logs').then((module) =>
      withReplyCheck(new (moduleExports(module).CloudWatchLogsClient)(forService('CloudWatch_Logs'))),
    ));
  return {
    s3,
    signer,
    stsClient,
    deployClients,
    logsClient,
    destroy() {
      for (const client of [s3, signer]) client.destroy();
      void sts?.then((client) => client.destroy());
      void logs?.then((client) => client.destroy());
      void deploy?.then((d) => {
        d.cloudformation.destroy();
        d.lambda.destroy();
      });
    },
  };
}

function destroyClients(clients: Clients): void {
  clients.destroy();
}
