// The crash harness: SIGKILL at random points of `toolkit package`, `toolkit deploy` and the
// served cloud under load; after each restart every acknowledged object and stack must be
// intact and a re-run must converge. Run: `node --import tsx bench/crash-harness.ts [--points 20] [--seed S]`.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCrashProject } from './lib/crash-project.ts';
import {
  ackDeployed,
  ackPackaged,
  cloudKillPoint,
  deployKillPoint,
  packageKillPoint,
  type CrashState,
  type KillPointResult,
} from './lib/crash-scenarios.ts';
import { runToolkitToEnd } from './lib/killable-run.ts';
import { seededRandom } from './lib/seeded-random.ts';
import { repoRoot } from './lib/toolkit-command.ts';

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '20' },
    seed: { type: 'string', default: String(Date.now()) },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    'usage: bench/crash-harness.ts [--points N] [--seed S] [--keep]\n  kill points go round-robin to package, deploy and the served cloud\n',
  );
  process.exit(0);
}
const points = Number(values.points);
if (!Number.isInteger(points) || points < 1) {
  process.stderr.write(`--points: "${values.points}" is not a positive whole number\n`);
  process.exit(2);
}
const random = seededRandom(`crash/${values.seed}`);
const root = join(repoRoot, 'bench', '.work', 'crash');
const log = (line: string) => process.stderr.write(`${line}\n`);

await rm(root, { recursive: true, force: true });
const project = join(root, 'project');
await mkdir(project, { recursive: true });
await writeCrashProject(project, random.fork('project'));
const state: CrashState = {
  project,
  // The project's default state folder goes here, not under the real home.
  env: { XDG_STATE_HOME: join(root, 'state-home') },
  cloudStateDir: join(root, 'served-cloud'),
  signing: ['Alpha=CrashSigning', 'Beta=CrashSigning', 'Gamma=CrashSigning'],
  revision: 0,
  projectObjects: [],
  projectStacks: [],
  cloudObjects: [],
  cloudStacks: [],
  calibration: { package: 0, deploy: 0 },
};

log(`crash harness: ${points} kill points, seed ${values.seed}, work in ${root}`);
await runToolkitToEnd(['local', 'profile', 'create', 'CrashSigning'], project, state.env);
// Unkilled runs: the baseline every check starts from, and how long each command takes.
const packaged = await runToolkitToEnd(
  ['package', '--json', '--signing-profiles', ...state.signing, '--output-template-file', 'packaged.yaml'],
  project,
  state.env,
);
ackPackaged(state, packaged.stdout);
state.calibration.package = packaged.wallMs;
const deployed = await runToolkitToEnd(
  [
    'deploy',
    '--json',
    '--stack-name',
    'crash-app',
    '--signing-profiles',
    ...state.signing,
    '--capabilities',
    'CAPABILITY_IAM',
  ],
  project,
  state.env,
);
ackDeployed(state, deployed.stdout);
state.calibration.deploy = deployed.wallMs;
log(`calibration: package ${packaged.wallMs} ms, deploy ${deployed.wallMs} ms`);

const results: KillPointResult[] = [];
const started = Date.now();
for (let point = 0; point < points; point++) {
  const scenario = (['package', 'deploy', 'cloud'] as const)[point % 3]!;
  // Uniform over the whole run: start-up, build, upload, signing, the change set, the writes.
  const killAtMs =
    scenario === 'package'
      ? random.int(0, state.calibration.package)
      : scenario === 'deploy'
        ? random.int(0, state.calibration.deploy)
        : random.int(500, 8000);
  let result: KillPointResult;
  try {
    result =
      scenario === 'package'
        ? await packageKillPoint(state, point, killAtMs)
        : scenario === 'deploy'
          ? await deployKillPoint(state, point, killAtMs)
          : await cloudKillPoint(state, point, killAtMs, random.fork(`load${point}`));
  } catch (error) {
    result = {
      point,
      scenario,
      killAtMs,
      killedDuring: '',
      checked: { objects: 0, stacks: 0 },
      rerun: '',
      problems: [`harness step failed: ${(error as Error).message}`],
    };
  }
  results.push(result);
  log(
    `#${String(point + 1).padStart(2)} ${scenario.padEnd(7)} kill at ${String(killAtMs).padStart(5)} ms${share(scenario, killAtMs)} (${result.killedDuring}); ` +
      `checked ${result.checked.objects} object(s), ${result.checked.stacks} stack(s); ${result.rerun}; ${result.problems.length === 0 ? 'OK' : `FAIL:\n    ${result.problems.join('\n    ')}`}`,
  );
}

/** Where in an unkilled run the kill fell, as a share of its calibrated time. */
function share(scenario: KillPointResult['scenario'], ms: number): string {
  const whole = scenario === 'cloud' ? 0 : state.calibration[scenario];
  return whole ? ` = ${Math.round((100 * ms) / whole)} % of the run` : ' into the load';
}

const failed = results.filter((r) => r.problems.length > 0);
process.stdout.write(
  `crash harness: ${results.length - failed.length}/${results.length} kill points recovered ` +
    `(${state.projectObjects.length + state.cloudObjects.length} acknowledged objects, ${state.projectStacks.length + state.cloudStacks.length} stacks) in ${Math.round((Date.now() - started) / 1000)} s; seed ${values.seed}\n`,
);
if (!values.keep) await rm(root, { recursive: true, force: true });
process.exit(failed.length === 0 ? 0 : 1);
