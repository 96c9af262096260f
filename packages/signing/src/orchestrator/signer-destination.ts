/**
 * The prefix Signer gets: it writes `<prefix><jobId>.zip`, so a non-empty folder needs its trailing
 * slash; this keeps the same `folder/` meaning as upload prefixes whatever slashes the caller wrote.
 */
export function signerPrefix(prefix: string): string {
  const folder = prefix.replace(/^\/+|\/+$/g, '');
  return folder === '' ? '' : `${folder}/`;
}
