import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with the first complete JSON document a child writes on stdout, leaving the stream
 * open (`toolkit local start --json` prints its endpoint, then serves); rejects if it exits first.
 */
export function firstJsonDocument(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    let text = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      try {
        const document = JSON.parse(text) as Record<string, unknown>;
        child.stdout!.off('data', onData);
        done(document);
      } catch {
        // Not complete yet.
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      fail(
        new Error(`the process exited (${code}) before printing a JSON document; stdout: ${text}; stderr: ${errors}`),
      ),
    );
  });
}
