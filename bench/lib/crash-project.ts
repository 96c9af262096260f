import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Random } from './seeded-random.ts';

/** The functions of the crash project, each its own folder and signed artifact. */
export const crashFunctions = ['Alpha', 'Beta', 'Gamma'] as const;

const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
${crashFunctions.map((id) => `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: functions/${id.toLowerCase()}/\n`).join('')}Outputs:
  Revision:
    Value: !Ref Alpha
`;

/** A template with one bucket, for the stacks the cloud's load creates. */
export const loadStackTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Store:
    Type: AWS::S3::Bucket
  Queue:
    Type: AWS::S3::Bucket
Outputs:
  StoreName:
    Value: !Ref Store
`;

/**
 * Writes the project: three functions, each with a source file and a ~1 MB blob of
 * incompressible bytes so uploads and signing take long enough to be killed inside.
 */
export async function writeCrashProject(dir: string, random: Random): Promise<void> {
  await writeFile(join(dir, 'template.yaml'), template);
  await writeFile(join(dir, 'load-stack.yaml'), loadStackTemplate);
  for (const id of crashFunctions) {
    const folder = join(dir, 'functions', id.toLowerCase());
    await mkdir(folder, { recursive: true });
    const blob = Buffer.alloc(1 << 20);
    for (let i = 0; i < blob.length; i += 4) blob.writeUInt32LE(Math.floor(random.next() * 2 ** 32), i);
    await writeFile(join(folder, 'blob.bin'), blob);
    await bumpRevision(dir, id, 0);
  }
}

/** Changes one function's code, so the next package or deploy has work to do. */
export async function bumpRevision(dir: string, id: string, revision: number): Promise<void> {
  await writeFile(
    join(dir, 'functions', id.toLowerCase(), 'index.js'),
    `exports.handler = async () => ({ id: ${JSON.stringify(id)}, revision: ${revision} });\n`,
  );
}
