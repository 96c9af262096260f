// Measures the console's page weight and time to first render against a real `toolkit local
// start`, in Chromium: `node --import tsx packages/console/test/measure-first-render.ts`.
// Printed, never asserted (timings are no test's business).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openConsoleSession } from './console-session.ts';

const ROUNDS = 7;
const dir = await mkdtemp(join(tmpdir(), 'console-measure-'));
const session = await openConsoleSession(join(dir, 'state'), dir);
try {
  const { page } = session;
  const bytes = new Map<string, { raw: number; gzip: number }>();
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/_console/') || url.pathname.startsWith('/_console/aws/')) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    bytes.set(url.pathname, { raw: body.length, gzip: gzipSync(body).length });
  });
  await page.goto(session.cloud.console);
  await page.getByRole('heading', { level: 2, name: 'Signing profiles' }).waitFor();
  const paints: number[] = [];
  const ready: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Signing profiles' }).waitFor();
    const timing = await page.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      ready: performance.getEntriesByName('console:rendered')[0]?.startTime ?? Number.NaN,
    }));
    paints.push(timing.paint);
    ready.push(timing.ready);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  let raw = 0;
  let gzip = 0;
  for (const [path, size] of [...bytes].sort()) {
    console.log(`${path.padEnd(28)} ${String(size.raw).padStart(7)} B  (${size.gzip} B gzipped)`);
    raw += size.raw;
    gzip += size.gzip;
  }
  console.log(`page weight: ${raw} B (${gzip} B gzipped), ${bytes.size} files`);
  console.log(`first contentful paint: median ${median(paints).toFixed(0)} ms of ${ROUNDS} reloads`);
  console.log(`profiles listed from Signer: median ${median(ready).toFixed(0)} ms after navigation start`);
} finally {
  await session.close();
  await rm(dir, { recursive: true, force: true });
}
