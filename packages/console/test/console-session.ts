import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { firstJsonDocument } from '@toolkit/test-support';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const toolkitBin = join(repoRoot, 'packages/cli/bin/toolkit.mjs');

/** Where the browser tests leave their screenshots (git-ignored). */
export const artifactsDir = join(repoRoot, 'test-artifacts', 'console');

/** What `toolkit local start --json` prints. */
export interface StartedCloud {
  endpoint: string;
  console: string;
  stateDir: string;
}

/** A `toolkit local start` child and the browser page looking at its console. */
export interface ConsoleSession {
  cloud: StartedCloud;
  page: Page;
  /** Runs the real `toolkit` bin in `cwd`; resolves its exit code and output. */
  toolkit(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Writes a full-page screenshot named `name` to the artifacts folder. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts `toolkit local start` on a free port with its state in `stateDir`, and Chromium on its console. */
export async function openConsoleSession(stateDir: string, cwd: string): Promise<ConsoleSession> {
  const child = spawn(
    process.execPath,
    [toolkitBin, 'local', 'start', '--port', '0', '--json', '--state-dir', stateDir],
    {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let browser: Browser | undefined;
  try {
    const cloud = (await firstJsonDocument(child)) as unknown as StartedCloud;
    // Root (as in CI) cannot use Chromium's sandbox; the page only ever loads this loopback cloud.
    browser = await chromium.launch({ executablePath: onPath('chromium'), args: ['--no-sandbox'] });
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      timezoneId: 'Europe/Berlin',
      locale: 'en-US',
    });
    await mkdir(artifactsDir, { recursive: true });
    const opened = browser;
    return {
      cloud,
      page,
      toolkit: (args, dir) =>
        new Promise((done) => {
          execFile(
            process.execPath,
            [toolkitBin, ...args],
            { cwd: dir, env: { ...process.env, CI: 'true' } },
            (error, stdout, stderr) =>
              done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
          );
        }),
      screenshot: async (name) => {
        await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
      },
      async close() {
        await opened.close();
        await stop(child);
      },
    };
  } catch (error) {
    await browser?.close();
    await stop(child);
    throw error;
  }
}

/** The full path of a program on PATH (playwright wants one). */
function onPath(program: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  throw new Error(`${program} is not on PATH`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  await exited;
}
