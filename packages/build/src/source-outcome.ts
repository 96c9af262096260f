/** What building one source gave: the zip to use and whether it came from the cache. */
export interface SourceOutcome {
  /** Absolute path of the zip. */
  zip: string;
  sha256: string;
  size: number;
  /** True when no file content was read: the stat cache vouched for the zip. */
  cached: boolean;
}
