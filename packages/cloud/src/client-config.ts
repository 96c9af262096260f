/** SDK v3 client configuration that points any service client at the local cloud. */
export interface CloudClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** S3: address buckets in the path; the loopback IP has no bucket subdomains. */
  forcePathStyle: true;
  /** Signer: the SDK prefixes `data-` to the host for some operations; loopback has no such host. */
  disableHostPrefix: true;
}

/**
 * The config to spread into `new S3Client(...)`, `new SignerClient(...)`, … to use the local cloud.
 * `accessKeyId` names the caller (STS answers with a user of that name); the local cloud checks no secret.
 */
export function cloudClientConfig(endpoint: string, region = 'us-east-1', accessKeyId = 'test'): CloudClientConfig {
  return {
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey: accessKeyId },
    forcePathStyle: true,
    disableHostPrefix: true,
  };
}
