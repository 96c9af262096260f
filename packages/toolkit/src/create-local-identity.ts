import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { silentIoHost, UserInputError, type IoHost, messages } from '@toolkit/core';
import { localStateDir, type TargetOptions } from './aws-session.ts';
import { OptionError } from './option-error.ts';

/** Input of `createLocalIdentity`. */
export interface CreateLocalIdentityOptions extends Pick<TargetOptions, 'stateDir' | 'cwd' | 'env'> {
  /** The identity's name (an IAM user name: letters, digits and `+=,.@_-`, up to 64). */
  name: string;
  /** A file holding the identity's IAM policy (JSON), relative to `cwd`. */
  policyFile: string;
}

/** A created identity: its ARN and access key id (the secret is printed by `localCredentials`). */
export interface LocalIdentityResult {
  name: string;
  arn: string;
  accessKeyId: string;
}

/** Creates an identity of the local cloud with its own access key and the policy in `policyFile`. */
export async function createLocalIdentity(
  options: CreateLocalIdentityOptions,
  io: IoHost = silentIoHost,
): Promise<LocalIdentityResult> {
  const cloud = await import('@toolkit/cloud');
  if (!/^[\w+=,.@-]{1,64}$/.test(options.name))
    throw new UserInputError(
      messages.InvalidIdentityName,
      `identity name '${options.name}': use 1 to 64 letters, digits or +=,.@_- (an IAM user name).`,
    );
  const path = resolve(options.cwd ?? process.cwd(), options.policyFile);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new OptionError(
      messages.PolicyFileUnreadable,
      'policyFile',
      (n) => `${n('policyFile')}: cannot read ${path} (${error.code ?? error.message})`,
    );
  });
  try {
    cloud.parsePolicy(text);
  } catch (error) {
    if (!(error instanceof cloud.PolicyDocumentError)) throw error;
    // A JSON syntax error has a place in the file; a bad element is named by its JSON path.
    if (error.path === '$' && error.message.includes('not JSON'))
      throw new UserInputError(messages.InvalidPolicy, error.message.replace(/^\$: /, ''), {
        position: { file: path, ...jsonPosition(text, error) },
      });
    throw new UserInputError(messages.InvalidPolicy, `${path}: ${error.message}`);
  }
  const stateDir = await localStateDir(options, io);
  const accountId = cloud.readStateOwner(stateDir)?.accountId ?? '000000000000';
  const created = await cloud.createStateIdentity(stateDir, accountId, options.name, text);
  if (created === 'exists')
    throw new UserInputError(
      messages.IdentityExists,
      `the identity '${options.name}' already exists in ${stateDir}; pick another name`,
    );
  io.notify(messages.IdentityCreated.msg(`Created identity ${created.name} (${created.arn})`));
  return { name: created.name, arn: created.arn, accessKeyId: created.accessKeyId };
}

/** Where a JSON syntax error is, when the parser says (`at position N`); line 1 column 1 otherwise. */
function jsonPosition(text: string, error: Error): { line: number; column: number } {
  const at = /position (\d+)/.exec(error.message);
  const offset = at ? Number(at[1]) : 0;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
