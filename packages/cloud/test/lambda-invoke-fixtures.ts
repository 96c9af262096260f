import { CreateFunctionCommand, type CreateFunctionCommandInput, type LambdaClient } from '@aws-sdk/client-lambda';
import { zipInMemory } from '@toolkit/build';
import { ROLE } from './lambda-fixtures.ts';

/** A zip of `files` (path → source); names ending in `bootstrap` are executable. */
export function codeZip(files: Record<string, string>): Buffer {
  return zipInMemory(
    Object.entries(files).map(([name, text]) => ({
      name,
      data: Buffer.from(text),
      mode: name.endsWith('bootstrap') ? 0o755 : 0o644,
    })),
  );
}

/** Creates a function from source files and waits for nothing (the local Lambda is Active at once). */
export async function createCodeFunction(
  lambda: LambdaClient,
  name: string,
  files: Record<string, string>,
  options: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: codeZip(files) },
      ...options,
    }),
  );
}

/** Whether a process is still alive. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Decodes an Invoke's payload as JSON. */
export function payloadJson(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));
}
