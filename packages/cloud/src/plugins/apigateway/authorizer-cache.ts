import type { DeployedApi } from './api-model.ts';
import type { AuthorizerResult } from './authorizer-results.ts';

/** At most this many results are kept: identity values come from clients, so the cache is bounded. */
const MAX_ENTRIES = 10_000;

/**
 * Authorizer results by API, stage, authorizer and identity source values, each kept for its
 * authorizer's TTL, as API Gateway caches them. A redeployed API (a new compiled `DeployedApi`)
 * starts with an empty cache, as a new deployment flushes API Gateway's.
 */
export class AuthorizerCache {
  readonly #entries = new Map<string, { api: DeployedApi; expires: number; result: AuthorizerResult }>();

  get(api: DeployedApi, key: string, now: number): AuthorizerResult | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.api !== api || entry.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  set(api: DeployedApi, key: string, result: AuthorizerResult, expires: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { api, expires, result });
    // Maps iterate in insertion order: the first entry is the oldest.
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

/** The cache key of one authorizer call: the API, stage, authorizer and identity values, unambiguous. */
export function authorizerCacheKey(
  api: DeployedApi,
  stage: string,
  authorizerId: string,
  values: readonly string[],
): string {
  return JSON.stringify([api.id, stage, authorizerId, ...values]);
}
