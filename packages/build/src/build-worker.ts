// Entry of a build worker thread: writes zips, one at a time, deflating on this thread
// (see BuildWorkers for why builds run here).
import { parentPort } from 'node:worker_threads';
import { reviveWalkedFiles, serialiseError, type WorkerReply, type WorkerTask } from './worker-protocol.ts';
import { zipToNewFile } from './zip-to-file.ts';

if (!parentPort) throw new Error('build-worker.ts runs as a worker thread only.');
const port = parentPort;

async function run(task: WorkerTask): Promise<WorkerReply> {
  return { id: task.id, summary: await zipToNewFile(reviveWalkedFiles(task.files), task.path, { ...task.options, inlineDeflate: true }) };
}

port.on('message', (task: WorkerTask) => {
  run(task).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ id: task.id, error: serialiseError(error) } satisfies WorkerReply),
  );
});
