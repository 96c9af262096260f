import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse } from '../../protocols/rest-json.ts';
import { signerErrors } from './signer-errors.ts';
import { decodeNextToken, encodeNextToken, parseMaxResults } from './signer-input.ts';
import { SIGNING_PLATFORMS, findPlatform } from './signing-platforms.ts';

/** ListSigningPlatforms, filtered by category, partner and target. */
export function listSigningPlatforms(request: ServiceRequest): ServiceResponse {
  const { query } = request;
  const limit = parseMaxResults(query);
  const token = decodeNextToken(query.get('nextToken'));
  const start = token === undefined ? 0 : Number(token[0]);
  const matching = SIGNING_PLATFORMS.filter(
    (p) =>
      (query.get('category') === null || p.category === query.get('category')) &&
      (query.get('partner') === null || p.partner === query.get('partner')) &&
      (query.get('target') === null || p.target === query.get('target')),
  );
  const page = matching.slice(start, start + limit);
  return jsonResponse(200, {
    platforms: page,
    ...(start + limit < matching.length ? { nextToken: encodeNextToken([start + limit]) } : {}),
  });
}

/** GetSigningPlatform. */
export function getSigningPlatform(platformId: string): ServiceResponse {
  const platform = findPlatform(platformId);
  if (!platform) throw signerErrors.notFound(`Signing platform ${platformId} does not exist.`);
  return jsonResponse(200, platform);
}
