import { cp } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `examples/` folder. */
export const examplesDir = resolve(fileURLToPath(new URL('../../../../examples', import.meta.url)));

/** Copies `examples/<name>` to `destination`, leaving out caches a local run may have left there. */
export async function copyExample(name: string, destination: string): Promise<string> {
  await cp(join(examplesDir, name), destination, {
    recursive: true,
    filter: (source) => !['.toolkit', 'node_modules'].includes(basename(source)),
  });
  return destination;
}

/** A way to run `toolkit` with arguments in a project holding copies of `admin` and `hello-signed`. */
export type RunToolkitIn = (args: string[]) => Promise<{ stdout: string; stderr: string }>;

/**
 * Deploys the admin stack, then the signed hello example, as the README's example does,
 * and returns the hello stack's `--json` document.
 */
export async function deployExamples(
  toolkit: RunToolkitIn,
): Promise<{ admin: unknown; hello: { status: string; outputs: Record<string, string> } }> {
  const admin: unknown = JSON.parse(
    (await toolkit(['deploy', '--template-file', 'admin/template.yaml', '--stack-name', 'toolkit-admin', '--json']))
      .stdout,
  );
  const helloArgs = ['--template-file', 'hello-signed/template.yaml', '--stack-name', 'hello-signed'];
  const signing = ['--signing-profiles', 'HelloFunction=ReleaseSigning', '--capabilities', 'CAPABILITY_IAM', '--json'];
  const hello = JSON.parse((await toolkit(['deploy', ...helloArgs, ...signing])).stdout) as {
    status: string;
    outputs: Record<string, string>;
  };
  return { admin, hello };
}
