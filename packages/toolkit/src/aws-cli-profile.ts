import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserInputError, writeFileAtomic, messages } from '@toolkit/core';

/** The values a profile for the local cloud holds. */
export interface LocalProfileValues {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_ENDPOINT_URL: string;
  AWS_REGION: string;
}

/**
 * Writes (or replaces) profile `name` in the AWS shared files the AWS CLI and SDKs read:
 * the keys in the credentials file, region and `endpoint_url` in the config file. Other
 * profiles are kept as they are. Files honour `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`.
 */
export async function writeAwsCliProfile(
  name: string,
  values: LocalProfileValues,
  env: NodeJS.ProcessEnv,
): Promise<{ configFile: string; credentialsFile: string }> {
  if (!/^[\w.+@-]{1,64}$/.test(name))
    throw new UserInputError(
      messages.InvalidCliProfileName,
      `profile name '${name}': use letters, digits and _.+@- only.`,
    );
  const home = env.HOME ?? homedir();
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  await replaceSection(credentialsFile, name, [
    `aws_access_key_id = ${values.AWS_ACCESS_KEY_ID}`,
    `aws_secret_access_key = ${values.AWS_SECRET_ACCESS_KEY}`,
  ]);
  await replaceSection(configFile, `profile ${name}`, [
    `region = ${values.AWS_REGION}`,
    `endpoint_url = ${values.AWS_ENDPOINT_URL}`,
  ]);
  return { configFile, credentialsFile };
}

/** Replaces the `[section]` of an INI file (or appends it), keeping every other line. */
async function replaceSection(path: string, section: string, lines: readonly string[]): Promise<void> {
  const old = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const kept: string[] = [];
  let inSection = false;
  for (const line of old.split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) inSection = header[1]?.trim() === section;
    if (!inSection) kept.push(line);
  }
  while (kept.length > 0 && kept.at(-1)?.trim() === '') kept.pop();
  const text = [...kept, ...(kept.length ? [''] : []), `[${section}]`, ...lines, ''].join('\n');
  // Secrets: the file is the user's alone, as the AWS CLI makes it.
  await writeFileAtomic(path, text, 0o600);
}
