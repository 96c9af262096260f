import { LambdaClient } from '@aws-sdk/client-lambda';
import { cloudClientConfig } from '../src/index.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';
import { storedZip } from '@toolkit/test-support';

/** A cloud fixture with a Lambda client too. */
export interface LambdaFixture extends CloudFixture {
  lambda: LambdaClient;
  /** `arn:aws:lambda:R:A:function:NAME`. */
  functionArn(name: string): string;
}

/** Starts a cloud with every plugin and a Lambda client pointed at it. */
export async function startLambdaFixture(options: Parameters<typeof startFixture>[0] = {}): Promise<LambdaFixture> {
  const fixture = await startFixture(options);
  const lambda = new LambdaClient({
    ...cloudClientConfig(fixture.cloud.endpoint, fixture.cloud.region),
    maxAttempts: 1,
  });
  return {
    ...fixture,
    lambda,
    functionArn: (name) => `arn:aws:lambda:${fixture.cloud.region}:${fixture.cloud.accountId}:function:${name}`,
    async close() {
      lambda.destroy();
      await fixture.close();
    },
  };
}

/** A valid role ARN for CreateFunction. */
export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A small function package whose content differs by `marker`. */
export function handlerZip(marker = 'hello'): Buffer {
  return storedZip({ 'index.js': `exports.handler = async () => ${JSON.stringify(marker)};\n` });
}

/** The SDK error of a rejected promise, for asserting name, status and message. */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string; type?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number }; Type?: string };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, type: e.Type };
  }
  throw new Error('expected the call to fail');
}
