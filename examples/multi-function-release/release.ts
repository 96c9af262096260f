// The shop's release, written against the toolkit's library API: admin stack, signing
// profiles, signed package and deploy, offline verification of every signed artifact,
// and a JSON release report. Run: `node --import tsx release.ts [--state-dir DIR] [--debug]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deployStack, localStateDir } from '@toolkit/toolkit';
import { silentIoHost, writeFileAtomic, type IoHost } from '@toolkit/core';
import { checkBuiltFunctions, type BuiltFunctionReport } from './built-functions.ts';
import { ensureSigningProfile } from './ensure-signing-profile.ts';
import { readDeployConfig } from './release-config.ts';
import { verifySignedArtifacts, type ArtifactReport, type CodeSigningConfigFacts } from './signed-artifacts.ts';

/** Where and how to release. */
export interface ReleaseOptions {
  /** The app's folder (template.yaml, samconfig.toml); default this file's folder. */
  projectDir?: string;
  /** The admin stack's template; default ../admin/template.yaml beside the project. */
  adminTemplate?: string;
  /** State of the embedded local cloud; default the project's folder under the user's state folder (`localStateDir`). */
  stateDir?: string;
  /** Default <projectDir>/release-report.json. */
  reportFile?: string;
  /** The profile that signs layers; the admin stack's CSC is told to trust it. */
  layerProfileName?: string;
  io?: IoHost;
}

/** What release-report.json holds. */
export interface ReleaseReport {
  releasedAt: string;
  ok: boolean;
  admin: { stackName: string; status: string; outputs: Record<string, string> };
  app: { stackName: string; status: string; outputs: Record<string, string> };
  profiles: { profileName: string; profileVersionArn: string; createdNow: boolean }[];
  codeSigningConfig: CodeSigningConfigFacts;
  artifacts: ArtifactReport[];
  /** The functions built with their dependencies, invoked after the deploy: each answer must prove its build ran. */
  builtFunctions: BuiltFunctionReport[];
  timingsMs: {
    profiles: number;
    adminDeploy: number;
    appDeploy: number;
    verify: number;
    invoke: number;
    total: number;
  };
}

const adminStackName = 'toolkit-admin';

/**
 * Runs the whole release and writes the report; `ok` is false when any signed artifact would be
 * rejected or a built function does not answer as its dependencies make it answer.
 */
export async function runRelease(options: ReleaseOptions = {}): Promise<ReleaseReport> {
  const projectDir = resolve(options.projectDir ?? dirname(fileURLToPath(import.meta.url)));
  const io = options.io ?? silentIoHost;
  const stateDir = await localStateDir(
    { ...(options.stateDir === undefined ? {} : { stateDir: resolve(options.stateDir) }), cwd: projectDir },
    io,
  );
  const target = { target: 'local' as const, stateDir, cwd: projectDir };
  // ReceiptFunction is bundled by esbuild: the project's own when its folder has one, else this example's.
  const buildTools = { loadEsbuild: () => import('esbuild') };
  const started = Date.now();
  const timings = { profiles: 0, adminDeploy: 0, appDeploy: 0, verify: 0, invoke: 0, total: 0 };
  const timed = async <T>(step: keyof typeof timings, work: () => Promise<T>): Promise<T> => {
    const stepStarted = Date.now();
    try {
      return await work();
    } finally {
      timings[step] = Date.now() - stepStarted;
    }
  };

  const config = await readDeployConfig(join(projectDir, 'samconfig.toml'));
  const layerProfile = await timed('profiles', () =>
    ensureSigningProfile(options.layerProfileName ?? 'LayerSigning', target, io),
  );

  // The admin stack owns ReleaseSigning and the CSC; it is told to trust the layer profile too.
  const admin = await timed('adminDeploy', () =>
    deployStack(
      {
        ...target,
        templateFile: resolve(options.adminTemplate ?? join(projectDir, '..', 'admin', 'template.yaml')),
        stackName: adminStackName,
        parameterOverrides: { AdditionalSigningProfileVersionArn: layerProfile.profileVersionArn },
        failOnEmptyChangeset: false,
      },
      io,
    ),
  );

  const app = await timed('appDeploy', () =>
    deployStack(
      {
        ...target,
        templateFile: join(projectDir, 'template.yaml'),
        stackName: config.stackName,
        capabilities: config.capabilities,
        parameterOverrides: config.parameterOverrides,
        signingProfiles: config.signingProfiles,
        failOnEmptyChangeset: false,
        ...buildTools,
      },
      io,
    ),
  );

  const cscArn = admin.outputs.CodeSigningConfigArn;
  if (!cscArn) throw new Error(`stack ${adminStackName} has no CodeSigningConfigArn output`);
  const verified = await timed('verify', async () => {
    const downloads = await mkdtemp(join(tmpdir(), 'shop-release-'));
    try {
      return await verifySignedArtifacts(app.artifacts, cscArn, target, downloads);
    } finally {
      await rm(downloads, { recursive: true, force: true });
    }
  });
  const builtFunctions = await timed('invoke', () => checkBuiltFunctions(target, app.stackName));
  timings.total = Date.now() - started;

  const report: ReleaseReport = {
    releasedAt: new Date().toISOString(),
    ok: verified.artifacts.every((a) => a.verdict === 'accept') && builtFunctions.every((f) => f.ok),
    admin: { stackName: admin.stackName, status: admin.status, outputs: admin.outputs },
    app: { stackName: app.stackName, status: app.status, outputs: app.outputs },
    profiles: [
      {
        profileName: admin.outputs.SigningProfileName ?? 'ReleaseSigning',
        profileVersionArn: admin.outputs.SigningProfileVersionArn ?? '',
        createdNow: admin.status === 'CREATE_COMPLETE',
      },
      {
        profileName: layerProfile.profileName,
        profileVersionArn: layerProfile.profileVersionArn,
        createdNow: layerProfile.created,
      },
    ],
    codeSigningConfig: verified.csc,
    artifacts: verified.artifacts,
    builtFunctions,
    timingsMs: timings,
  };
  await writeFileAtomic(
    resolve(options.reportFile ?? join(projectDir, 'release-report.json')),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The SDK's notice about its future Node.js floor is noise in a release log (the CLI hides it too).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      'state-dir': { type: 'string' },
      report: { type: 'string' },
      'project-dir': { type: 'string' },
      debug: { type: 'boolean', default: false },
    },
  });
  const io: IoHost = {
    notify: (m) => {
      if (m.level === 'debug' && !values.debug) return;
      process.stderr.write(`${m.level === 'info' ? '' : `${m.level}: `}${m.message}\n`);
    },
  };
  const report = await runRelease({
    ...(values['project-dir'] ? { projectDir: values['project-dir'] } : {}),
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
    ...(values.report ? { reportFile: values.report } : {}),
    io,
  });
  const rejected = report.artifacts.filter((a) => a.verdict !== 'accept');
  for (const failed of report.builtFunctions.filter((f) => !f.ok))
    process.stderr.write(`error: ${failed.functionId} (${failed.build}) ${failed.problem ?? ''}\n`);
  const answered = report.builtFunctions.filter((f) => f.ok).length;
  process.stderr.write(
    `${report.app.stackName}: ${report.app.status}; ${report.artifacts.length} signed artifacts verified, ${rejected.length} not accepted; ${answered}/${report.builtFunctions.length} built functions answered; ${report.timingsMs.total} ms\n`,
  );
  process.exitCode = report.ok ? 0 : 1;
}
