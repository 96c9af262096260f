import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { checkObjects, checkStacks, type AckedObject, type AckedStack } from './crash-checks.ts';
import { bumpRevision, crashFunctions } from './crash-project.ts';
import {
  runToolkitChild,
  runToolkitToEnd,
  startServedCloud,
  stopServedCloud,
  type RunOutcome,
} from './killable-run.ts';
import type { Random } from './seeded-random.ts';
import { cloudClientConfig } from '@toolkit/cloud';

/** Everything the harness knows was acknowledged, per state folder. */
export interface CrashState {
  project: string;
  env: Record<string, string>;
  /** The served cloud's own state folder (scenario `cloud`). */
  cloudStateDir: string;
  signing: string[];
  revision: number;
  projectObjects: AckedObject[];
  projectStacks: AckedStack[];
  cloudObjects: AckedObject[];
  cloudStacks: AckedStack[];
  /** Milliseconds an unkilled run of each took, to place kill points inside. */
  calibration: { package: number; deploy: number };
}

/** What one kill point did and found. */
export interface KillPointResult {
  point: number;
  scenario: 'package' | 'deploy' | 'cloud';
  killAtMs: number;
  /** The last line the killed process printed: roughly where it was. */
  killedDuring: string;
  /** Acknowledged objects and stacks checked after the restart. */
  checked: { objects: number; stacks: number };
  rerun: string;
  problems: string[];
}

interface PackagedJson {
  artifacts: {
    id: string;
    sha256: string;
    s3: { bucket: string; key: string; versionId: string | null };
    signing: null | { signedKey: string; reused: boolean };
  }[];
}

const packageArgs = (state: CrashState) => [
  'package',
  '--json',
  '--signing-profiles',
  ...state.signing,
  '--output-template-file',
  'packaged.yaml',
];
const deployArgs = (state: CrashState) => [
  'deploy',
  '--json',
  '--stack-name',
  'crash-app',
  '--signing-profiles',
  ...state.signing,
  '--capabilities',
  'CAPABILITY_IAM',
  '--no-fail-on-empty-changeset',
];

/** Records a successful package run's objects: sources by digest and version, signed copies by key. */
export function ackPackaged(state: CrashState, stdout: string): PackagedJson {
  const packaged = JSON.parse(stdout) as PackagedJson;
  for (const a of packaged.artifacts) {
    state.projectObjects.push({
      bucket: a.s3.bucket,
      key: a.s3.key,
      ...(a.s3.versionId ? { versionId: a.s3.versionId } : {}),
      sha256: a.sha256,
    });
    if (a.signing) state.projectObjects.push({ bucket: a.s3.bucket, key: a.signing.signedKey });
  }
  return packaged;
}

/** Records the stack status a finished deploy reported. */
export function ackDeployed(state: CrashState, stdout: string): string {
  const result = JSON.parse(stdout) as { status: string; stackName: string };
  const known = state.projectStacks.find((s) => s.stackName === result.stackName);
  if (result.status === 'NO_CHANGES') {
    if (known) known.mayHaveMoved = true;
  } else if (known) {
    Object.assign(known, { status: result.status, mayHaveMoved: false });
  } else {
    state.projectStacks.push({ stackName: result.stackName, status: result.status, mayHaveMoved: false });
  }
  return result.status;
}

/** Kills a `package` run at `killAtMs`, restarts, checks, re-runs and checks that a further run changes nothing. */
export async function packageKillPoint(state: CrashState, point: number, killAtMs: number): Promise<KillPointResult> {
  await bumpRevision(state.project, crashFunctions[point % crashFunctions.length]!, ++state.revision);
  const killed = await killAfter(runToolkitChild(packageArgs(state), state.project, state.env), killAtMs);
  if (killed.code === 0) ackPackaged(state, killed.stdout);
  const result = await checkAfterRestart(state, point, 'package', killAtMs, killed, true);
  const problems = [...result.problems];
  const template = join(state.project, 'packaged.yaml');
  // The output template is written atomically: whole or absent, never half.
  if (existsSync(template) && !(await readFile(template, 'utf8')).includes('Outputs:'))
    problems.push('packaged.yaml is incomplete');
  const again = ackPackaged(state, (await runToolkitToEnd(packageArgs(state), state.project, state.env)).stdout);
  const converged = JSON.parse(
    (await runToolkitToEnd(packageArgs(state), state.project, state.env)).stdout,
  ) as PackagedJson;
  const keys = (p: PackagedJson) => p.artifacts.map((a) => `${a.s3.key} ${a.signing?.signedKey}`).join('\n');
  if (keys(converged) !== keys(again)) problems.push('a third run packaged different objects than the re-run');
  if (!converged.artifacts.every((a) => a.signing?.reused))
    problems.push("a third run signed again instead of reusing the re-run's signatures");
  return {
    ...result,
    rerun: `package re-run ok, third run reused ${converged.artifacts.length} signature(s)`,
    problems,
  };
}

/** Kills a `deploy` run at `killAtMs`, restarts, checks, re-deploys and checks that a further deploy has no changes. */
export async function deployKillPoint(state: CrashState, point: number, killAtMs: number): Promise<KillPointResult> {
  await bumpRevision(state.project, crashFunctions[point % crashFunctions.length]!, ++state.revision);
  for (const stack of state.projectStacks) stack.mayHaveMoved = true;
  const killed = await killAfter(runToolkitChild(deployArgs(state), state.project, state.env), killAtMs);
  if (killed.code === 0) ackDeployed(state, killed.stdout);
  const result = await checkAfterRestart(state, point, 'deploy', killAtMs, killed, true);
  const problems = [...result.problems];
  const rerun = await runToolkitChild(deployArgs(state), state.project, state.env).done;
  if (rerun.code !== 0)
    return {
      ...result,
      rerun: `deploy re-run exited ${rerun.code}`,
      problems: [...problems, `deploy re-run failed: ${lastLine(rerun.stderr)}`],
    };
  const status = ackDeployed(state, rerun.stdout);
  const converged = JSON.parse((await runToolkitToEnd(deployArgs(state), state.project, state.env)).stdout) as {
    status: string;
  };
  if (converged.status !== 'NO_CHANGES') problems.push(`a further deploy was ${converged.status}, not NO_CHANGES`);
  return { ...result, rerun: `deploy re-run ${status}, then ${converged.status}`, problems };
}

/**
 * Serves the cloud from `toolkit local start` under load (parallel PutObjects, stacks
 * created one after another), kills it at `killAtMs`, restarts it on the same state folder,
 * checks every acknowledged object and stack, then re-deploys the stack in flight.
 */
export async function cloudKillPoint(
  state: CrashState,
  point: number,
  killAtMs: number,
  random: Random,
): Promise<KillPointResult> {
  const args = ['--state-dir', state.cloudStateDir];
  const served = await startServedCloud(args, state.project, state.env);
  const s3 = new S3Client({ ...cloudClientConfig(served.endpoint), maxAttempts: 1 });
  if (point < 3) {
    await s3.send(new CreateBucketCommand({ Bucket: 'load' })).catch(() => {});
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'load', VersioningConfiguration: { Status: 'Enabled' } }));
  }
  let stop = false;
  const putter = async (worker: number) => {
    for (let n = 0; !stop; n++) {
      const body = randomBytes(random.int(1, 3 << 20));
      const key = `p${point}/w${worker}/o${n}`;
      try {
        const put = await s3.send(new PutObjectCommand({ Bucket: 'load', Key: key, Body: body }));
        state.cloudObjects.push({
          bucket: 'load',
          key,
          ...(put.VersionId ? { versionId: put.VersionId } : {}),
          sha256: createHash('sha256').update(body).digest('hex'),
        });
      } catch {
        return;
      }
    }
  };
  let inFlight: string | undefined;
  const stacker = async () => {
    for (let n = 0; !stop; n++) {
      const stackName = `load-p${point}-s${n}`;
      inFlight = stackName;
      const run = await runToolkitChild(
        [
          'deploy',
          '--json',
          '--endpoint-url',
          served.endpoint,
          '--template-file',
          'load-stack.yaml',
          '--stack-name',
          stackName,
        ],
        state.project,
        state.env,
      ).done;
      if (run.code !== 0) return;
      state.cloudStacks.push({
        stackName,
        status: (JSON.parse(run.stdout) as { status: string }).status,
        mayHaveMoved: false,
      });
      inFlight = undefined;
    }
  };
  const load = Promise.all([putter(1), putter(2), putter(3), stacker()]);
  await sleep(killAtMs);
  const killed = await served.kill();
  stop = true;
  await load;
  s3.destroy();
  const result = await checkAfterRestart(state, point, 'cloud', killAtMs, killed, false);
  const problems = [...result.problems];
  let rerun = 'no stack was in flight';
  if (inFlight) {
    const again = await startServedCloud(args, state.project, state.env);
    try {
      const target = ['--endpoint-url', again.endpoint, '--template-file', 'load-stack.yaml', '--stack-name', inFlight];
      let outcome = await runToolkitChild(
        ['deploy', '--json', '--no-fail-on-empty-changeset', ...target],
        state.project,
        state.env,
      ).done;
      rerun = `re-deploy of ${inFlight}`;
      if (outcome.code !== 0) {
        // A create cut short leaves a stack that cannot be updated; the CLI says to delete it first.
        rerun += ` refused (${lastLine(outcome.stderr)}), deleted and deployed again`;
        await runToolkitToEnd(
          ['delete', '--endpoint-url', again.endpoint, '--stack-name', inFlight],
          state.project,
          state.env,
        );
        outcome = await runToolkitChild(['deploy', '--json', ...target], state.project, state.env).done;
      }
      if (outcome.code !== 0) problems.push(`re-deploy of ${inFlight} failed: ${lastLine(outcome.stderr)}`);
      else {
        const status = (JSON.parse(outcome.stdout) as { status: string }).status;
        rerun += `: ${status}`;
        const known = state.cloudStacks.find((s) => s.stackName === inFlight);
        if (known)
          Object.assign(known, { status: status === 'NO_CHANGES' ? known.status : status, mayHaveMoved: false });
        else state.cloudStacks.push({ stackName: inFlight, status, mayHaveMoved: false });
        const converged = JSON.parse(
          (
            await runToolkitToEnd(
              ['deploy', '--json', '--no-fail-on-empty-changeset', ...target],
              state.project,
              state.env,
            )
          ).stdout,
        ) as { status: string };
        if (converged.status !== 'NO_CHANGES') problems.push(`a further deploy of ${inFlight} was ${converged.status}`);
      }
    } finally {
      await stopServedCloud(again);
    }
  }
  return { ...result, rerun, problems };
}

/** Starts a cloud on the state folder again (taking over the dead owner's lock) and checks what was acknowledged. */
async function checkAfterRestart(
  state: CrashState,
  point: number,
  scenario: KillPointResult['scenario'],
  killAtMs: number,
  killed: RunOutcome,
  project: boolean,
): Promise<KillPointResult> {
  const base = {
    point,
    scenario,
    killAtMs,
    killedDuring: killed.code === 0 ? 'finished before the kill' : lastLine(killed.stderr) || 'nothing printed yet',
    rerun: '',
  };
  let served;
  try {
    served = await startServedCloud(project ? [] : ['--state-dir', state.cloudStateDir], state.project, state.env);
  } catch (error) {
    return { ...base, checked: { objects: 0, stacks: 0 }, problems: [`restart failed: ${(error as Error).message}`] };
  }
  try {
    const objects = project ? state.projectObjects : state.cloudObjects;
    const stacks = project ? state.projectStacks : state.cloudStacks;
    const problems = [
      ...(await checkObjects(served.endpoint, objects)),
      ...(await checkStacks(served.endpoint, stacks)),
    ];
    return { ...base, checked: { objects: objects.length, stacks: stacks.length }, problems };
  } finally {
    await stopServedCloud(served);
  }
}

async function killAfter(run: ReturnType<typeof runToolkitChild>, ms: number): Promise<RunOutcome> {
  const finished = await Promise.race([run.done.then(() => true), sleep(ms).then(() => false)]);
  return finished ? run.done : run.kill();
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.slice(0, 160) ?? '';
}
