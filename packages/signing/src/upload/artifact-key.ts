/** The content-addressed S3 key of an artifact: `<prefix>/<sha256>.zip`, no leading slash when the prefix is empty. */
export function artifactKey(prefix: string, sha256: string): string {
  const folder = prefix.replace(/^\/+|\/+$/g, '');
  return folder === '' ? `${sha256}.zip` : `${folder}/${sha256}.zip`;
}
