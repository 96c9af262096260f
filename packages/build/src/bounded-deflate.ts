import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';

const deflateRawAsync = promisify<Buffer, { level: number }, Buffer>(deflateRaw);

/**
 * Raw-deflates whole buffers on the libuv pool, at most `size` at a time (more only queue
 * up and hold memory). Each buffer gets a fresh zlib state: reusing a reset zlib stream was
 * faster but gave bytes that varied from run to run, which a content-addressed cache cannot have.
 */
export class BoundedDeflate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly level: number,
    private readonly size: number,
  ) {}

  /** Deflates `data` completely (final block, no zlib header). */
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
