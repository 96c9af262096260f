import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SignerClient } from '@aws-sdk/client-signer';
import { cloudClientConfig } from '../../../client-config.ts';

/**
 * SDK clients pointed at the cloud's own endpoint, made on first use (the endpoint is
 * known only once the server listens), signed with one identity's key. Providers talk
 * to the other services through these, so errors — access denials included — come back
 * exactly as those services word them for that identity.
 */
export class AwsClients {
  private lambdaClient: LambdaClient | undefined;
  private s3Client: S3Client | undefined;
  private signerClient: SignerClient | undefined;

  constructor(
    private readonly endpoint: () => string,
    private readonly region: string,
    private readonly credentials: { accessKeyId: string; secretAccessKey: string },
  ) {}

  private config() {
    return { ...cloudClientConfig(this.endpoint(), this.region), credentials: this.credentials, maxAttempts: 3 };
  }

  /** The Lambda client. */
  get lambda(): LambdaClient {
    this.lambdaClient ??= new LambdaClient(this.config());
    return this.lambdaClient;
  }

  /** The S3 client, path-style because the endpoint is a loopback address. */
  get s3(): S3Client {
    this.s3Client ??= new S3Client(this.config());
    return this.s3Client;
  }

  /** The Signer client; no `data-` host prefix on loopback. */
  get signer(): SignerClient {
    this.signerClient ??= new SignerClient(this.config());
    return this.signerClient;
  }

  /** Releases the clients' sockets. */
  destroy(): void {
    this.lambdaClient?.destroy();
    this.s3Client?.destroy();
    this.signerClient?.destroy();
  }
}
