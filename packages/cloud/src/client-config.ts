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
 * The credentials are the `admin` identity's key (`test`/`test`); give another identity's with
 * `credentials: cloud.credentials('developer')`. An `accessKeyId` of your own is a key the cloud refuses
 * unless an identity holds it (its secret is taken to be the key itself).
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
