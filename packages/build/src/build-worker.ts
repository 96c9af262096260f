// Entry of a build worker thread: writes zips, one at a time, deflating on this thread
// (see BuildWorkers for why builds run here).
import { parentPort } from 'node:worker_threads';
import { collectGarbage } from '@toolkit/core';
import { DeflateMemo } from './deflate-memo.ts';
import { serialiseError, type WorkerReply, type WorkerTask } from './worker-protocol.ts';
import { zipToNewFile } from './zip-to-file.ts';

if (!parentPort) throw new Error('build-worker.ts runs as a worker thread only.');
const port = parentPort;
// One per worker, living as long as the build's pool: the archives of one build share contents.
const deflateMemo = new DeflateMemo();

async function run(task: WorkerTask): Promise<WorkerReply> {
  // Collecting garbage as it goes keeps a 250 MB function's memory near a 25 MB one's.
  const options = {
    ...task.options,
    inlineDeflate: true,
    reclaim: collectGarbage,
    deflateMemo,
  };
  return { id: task.id, summary: await zipToNewFile(task.files, task.path, options, task.durable) };
}

port.on('message', (task: WorkerTask) => {
  run(task).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ id: task.id, error: serialiseError(error) } satisfies WorkerReply),
  );
});
