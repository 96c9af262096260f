import { createHash } from 'node:crypto';
import type { Deflater } from './deflaters.ts';

/** Deflated bytes kept at most, per memo: past it the oldest are dropped. */
const MAX_KEPT_BYTES = 32 << 20;

/**
 * Remembers what deflate made of a content, by its SHA-256 and the level, so a file held
 * by many functions (a vendored tarball, a copied library) is deflated about twice per
 * worker rather than once per zip. Deflate's output depends only on the bytes and the
 * level, so a remembered result is the same bytes a fresh deflate gives. A result is kept
 * only when its content is seen a second time: a large function's thousands of files,
 * each seen once, cost a digest each and no memory.
 */
export class DeflateMemo {
  private readonly seen = new Set<string>();
  private readonly kept = new Map<string, Buffer>();
  private keptBytes = 0;

  /** A deflater at `level` that answers from this memo, and deflates with `deflater` what it has not seen twice. */
  wrap(deflater: Deflater, level: number): Deflater {
    return { deflate: (data) => this.deflate(deflater, level, data) };
  }

  private async deflate(deflater: Deflater, level: number, data: Buffer): Promise<Buffer> {
    const key = `${level}:${createHash('sha256').update(data).digest('base64')}`;
    const known = this.kept.get(key);
    if (known) return known;
    const deflated = await deflater.deflate(data);
    if (!this.seen.has(key)) this.seen.add(key);
    else this.keep(key, deflated);
    return deflated;
  }

  private keep(key: string, deflated: Buffer): void {
    if (deflated.length > MAX_KEPT_BYTES) return;
    this.kept.set(key, deflated);
    this.keptBytes += deflated.length;
    for (const [oldest, bytes] of this.kept) {
      if (this.keptBytes <= MAX_KEPT_BYTES) break;
      this.kept.delete(oldest);
      this.keptBytes -= bytes.length;
    }
  }
}
