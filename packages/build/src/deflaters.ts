import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync } from 'node:zlib';

const deflateRawAsync = promisify<Buffer, { level: number }, Buffer>(deflateRaw);

/**
 * Raw-deflates whole buffers (final block, no zlib header). Each buffer gets a fresh zlib
 * state: reusing a reset zlib stream was faster but gave bytes that varied from run to
 * run, which a content-addressed cache cannot have. Both kinds give the same bytes.
 */
export interface Deflater {
  deflate(data: Buffer): Promise<Buffer>;
}

/**
 * Deflates on the libuv pool, at most `size` at a time (more only queue up and hold
 * memory). For threads that must stay responsive; each call costs a zlib stream object
 * and a trip through the pool, about 40 % on top of the deflate itself for files of a few KB.
 */
export class PooledDeflater implements Deflater {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly level: number,
    private readonly size: number,
  ) {}

  async deflate(data: Buffer): Promise<Buffer> {
    if (this.running < this.size) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // a finishing call hands over its slot
    try {
      return await deflateRawAsync(data, { level: this.level });
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Deflates on the calling thread: for a zip worker, whose thread has nothing else to do. */
export class InlineDeflater implements Deflater {
  constructor(private readonly level: number) {}

  async deflate(data: Buffer): Promise<Buffer> {
    return deflateRawSync(data, { level: this.level });
  }
}
