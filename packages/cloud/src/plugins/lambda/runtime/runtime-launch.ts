import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ServiceError } from '../../../service-error.ts';
import type { EnvironmentLaunch } from './execution-environment.ts';

/** Everything an environment's process needs to know about the function it runs. */
export interface LaunchInput {
  functionName: string;
  version: string;
  runtime: string;
  handler: string;
  memoryMb: number;
  region: string;
  endpoint: string;
  logGroup: string;
  logStream: string;
  /** The function's own environment variables. */
  variables: Readonly<Record<string, string>>;
  /** The extracted package. */
  taskRoot: string;
  /** Each layer's extracted content, in the function's layer order (each one an `/opt`). */
  layerRoots: readonly string[];
  /** Where the runtime clients' scripts were written. */
  clientsDir: string;
}

/** Files the runtime clients are written to, under the clients folder. */
export const CLIENT_FILES = { node: 'node-runtime-client.mjs', python: 'python-runtime-client.py' } as const;

/** Thrown (as the Invoke answer) when the runtime cannot run on this machine. */
function runtimeUnavailable(runtime: string, why: string): ServiceError {
  return new ServiceError('InvalidRuntimeException', 502, `The local cloud cannot run runtime ${runtime}: ${why}`);
}

/**
 * How to start an environment for `input.runtime`: `nodejs*` on the `node` running the cloud,
 * `python3.*` on `python3` from PATH, `provided*` from the package's (or a layer's) `bootstrap`.
 * Anything else, or an interpreter the machine lacks, is InvalidRuntimeException naming it.
 */
export function launchFor(
  input: LaunchInput,
  path = process.env.PATH ?? '',
): EnvironmentLaunch | { missingBootstrap: string[] } {
  const env = lambdaEnvironment(input, path);
  if (/^nodejs\d+\.x$/.test(input.runtime)) {
    const paths = input.layerRoots
      .toReversed()
      .flatMap((root) => [
        join(root, 'nodejs', `node${/\d+/.exec(input.runtime)![0]}`, 'node_modules'),
        join(root, 'nodejs', 'node_modules'),
      ]);
    if (paths.length > 0) env.NODE_PATH = paths.join(delimiter);
    return {
      command: [process.execPath, join(input.clientsDir, CLIENT_FILES.node), ...input.layerRoots.toReversed()],
      cwd: input.taskRoot,
      env,
      writesMarkers: true,
    };
  }
  if (/^python3\.\d+$/.test(input.runtime)) {
    const python = findOnPath('python3', path);
    if (!python) throw runtimeUnavailable(input.runtime, 'python3 was not found on PATH.');
    const paths = input.layerRoots
      .toReversed()
      .flatMap((root) => [join(root, 'python'), join(root, 'python', 'lib', input.runtime, 'site-packages')]);
    env.PYTHONPATH = [input.taskRoot, ...paths].join(delimiter);
    env.PYTHONUNBUFFERED = '1';
    return {
      command: [python, join(input.clientsDir, CLIENT_FILES.python)],
      cwd: input.taskRoot,
      env,
      writesMarkers: true,
    };
  }
  if (/^provided(\.al2(023)?)?$/.test(input.runtime)) {
    const candidates = [input.taskRoot, ...input.layerRoots.toReversed()].map((root) => join(root, 'bootstrap'));
    const bootstrap = candidates.find((file) => isExecutable(file));
    if (!bootstrap) return { missingBootstrap: candidates };
    return { command: [bootstrap], cwd: input.taskRoot, env, writesMarkers: false };
  }
  throw runtimeUnavailable(input.runtime, 'it runs nodejs*, python3.* and provided* runtimes only.');
}

/** Lambda's reserved variables over the function's own, and credentials for the local cloud. */
function lambdaEnvironment(input: LaunchInput, path: string): Record<string, string> {
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: '',
    AWS_ENDPOINT_URL: input.endpoint,
  });
  for (const [key, value] of Object.entries(input.variables)) env[key] = value;
  const bins = input.layerRoots.toReversed().map((root) => join(root, 'bin'));
  Object.assign(env, {
    PATH: [...bins, path].filter(Boolean).join(delimiter),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: input.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: input.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStream,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    _HANDLER: input.handler,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.clientsDir,
  });
  if (env.AWS_SESSION_TOKEN === '') delete env.AWS_SESSION_TOKEN;
  return env;
}

function findOnPath(name: string, path: string): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((file) => isExecutable(file));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return existsSync(file);
  } catch {
    return false;
  }
}
