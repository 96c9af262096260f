/**
 * Allows at most `limit()` events in any one-second window (sliding). The limit
 * is read on every call, so an absent knob means no limit.
 */
export class RateLimiter {
  private readonly stamps: number[] = [];

  constructor(private readonly limit: () => number | undefined) {}

  /** Records an event at `now` (ms) and returns true, or returns false when over the limit. */
  tryAcquire(now: number): boolean {
    const limit = this.limit();
    if (limit === undefined || limit <= 0) return true;
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= now - 1000) this.stamps.shift();
    if (this.stamps.length >= limit) return false;
    this.stamps.push(now);
    return true;
  }
}
