import { readFile } from 'node:fs/promises';
import { messages, recordingIoHost } from '@toolkit/core';
import { buildArtifacts } from '../src/index.ts';

/**
 * Builds folder `source` with the build cache `buildDir` on one worker; returns the zip,
 * its bytes, and what `BUILD_ZIPPED` says was copied from earlier zips (undefined on a cache hit).
 */
export async function buildOnce(source: string, buildDir: string) {
  const io = recordingIoHost();
  const [built] = await buildArtifacts([{ id: 'Fn', source: { kind: 'directory', path: source } }], {
    buildDir,
    io,
    concurrency: 1,
  });
  const zipped = io.messages.find((m) => messages.BuildZipped.is(m));
  const data = zipped && messages.BuildZipped.is(zipped) ? zipped.data : undefined;
  return { zip: built!.zip, bytes: await readFile(built!.zip), reused: data?.reused, pieces: data?.reusedPieces };
}
