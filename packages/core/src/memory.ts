import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Runs a full garbage collection of the calling thread's heap. File chunks, zlib output
 * and upload parts are Buffers: memory outside V8's heap, which V8 only collects once some
 * 64 MB of it has piled up since the last full collection. Work that streams hundreds of
 * MB calls this every few MB (the smaller the heap, the cheaper the call), so its memory
 * does not grow with its input. (`gc` is exposed to new contexts only, hence the fresh one;
 * jest's leak detector reaches it the same way.)
 */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
