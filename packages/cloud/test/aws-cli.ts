import { spawnSync } from 'node:child_process';

/** Whether the AWS CLI is on PATH (`.ci/run` installs it; interop tests skip without it). */
export const awsCliAvailable = !spawnSync('aws', ['--version'], { stdio: 'ignore' }).error;
