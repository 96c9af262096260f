import { crc32 } from 'node:zlib';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { cloudClientConfig } from '../src/index.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

/** A cloud fixture with a Lambda client too. */
export interface LambdaFixture extends CloudFixture {
  lambda: LambdaClient;
  /** `arn:aws:lambda:R:A:function:NAME`. */
  functionArn(name: string): string;
}

/** Starts a cloud with every plugin and a Lambda client pointed at it. */
export async function startLambdaFixture(options: Parameters<typeof startFixture>[0] = {}): Promise<LambdaFixture> {
  const fixture = await startFixture(options);
  const lambda = new LambdaClient({ ...cloudClientConfig(fixture.cloud.endpoint, fixture.cloud.region), maxAttempts: 1 });
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

/** A zip with stored (uncompressed) entries, written by hand so tests control every byte. */
export function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** A small function package whose content differs by `marker`. */
export function handlerZip(marker = 'hello'): Buffer {
  return makeZip({ 'index.js': `exports.handler = async () => ${JSON.stringify(marker)};\n` });
}

/** The SDK error of a rejected promise, for asserting name, status and message. */
export async function sdkError(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string; type?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number }; Type?: string };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, type: e.Type };
  }
  throw new Error('expected the call to fail');
}
