import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse, readJsonBody } from '../../protocols/rest-json.ts';
import { signerErrors } from './signer-errors.ts';
import type { SignerState } from './signer-state.ts';
import { parseTags } from './signer-tags-input.ts';

/** The signing profile an ARN names (tags live on profiles); NotFoundException otherwise. */
function requireTaggable(state: SignerState, resourceArn: string): string {
  const match = /^arn:aws[a-z-]*:signer:([a-z0-9-]+):(\d{12}):\/signing-profiles\/([a-zA-Z0-9_]{2,64})$/.exec(
    resourceArn,
  );
  if (!match) throw signerErrors.badRequest(`${resourceArn} is not a signing profile ARN.`);
  const [, region, account, name] = match;
  const profile =
    region === state.ctx.region && account === state.ctx.accountId ? state.profiles.get(name as string) : undefined;
  if (!profile || profile.arn !== resourceArn)
    throw signerErrors.tagTargetNotFound(`Resource ${resourceArn} does not exist.`);
  return resourceArn;
}

/** TagResource. */
export async function tagResource(
  state: SignerState,
  request: ServiceRequest,
  resourceArn: string,
): Promise<ServiceResponse> {
  const arn = requireTaggable(state, resourceArn);
  const body = await readJsonBody(request);
  const tags = parseTags(body.tags, 'tags', signerErrors.badRequest);
  const merged = { ...state.tags.get(arn), ...tags };
  if (Object.keys(merged).length > 200) throw signerErrors.badRequest('A resource can have at most 200 tags.');
  state.tags.set(arn, tags);
  return jsonResponse(200, {});
}

/** UntagResource: `tagKeys` repeated in the query string. */
export function untagResource(state: SignerState, request: ServiceRequest, resourceArn: string): ServiceResponse {
  const arn = requireTaggable(state, resourceArn);
  const keys = request.query.getAll('tagKeys');
  if (keys.length < 1 || keys.length > 200)
    throw signerErrors.badRequest('tagKeys must have between 1 and 200 entries.');
  state.tags.remove(arn, keys);
  return jsonResponse(200, {});
}

/** ListTagsForResource. */
export function listTagsForResource(state: SignerState, resourceArn: string): ServiceResponse {
  return jsonResponse(200, { tags: state.tags.get(requireTaggable(state, resourceArn)) });
}
