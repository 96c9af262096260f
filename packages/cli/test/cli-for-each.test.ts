import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolkit } from './support/run-toolkit.ts';
import { fixtureTree } from '@toolkit/test-support';

/**
 * Two functions from one loop (`AWS::LanguageExtensions`), sharing one code folder, told apart by
 * the item, and taking only code signed by the publisher given as a parameter.
 */
const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform:
  - AWS::LanguageExtensions
  - AWS::Serverless-2016-10-31
Parameters:
  Workers:
    Type: CommaDelimitedList
    Default: Alpha,Beta
  Publisher:
    Type: String
Resources:
  SignedOnly:
    Type: AWS::Lambda::CodeSigningConfig
    Properties:
      AllowedPublishers: {SigningProfileVersionArns: [!Ref Publisher]}
      CodeSigningPolicies: {UntrustedArtifactOnDeployment: Enforce}
  Fn::ForEach::Workers:
    - Name
    - !Ref Workers
    - \${Name}Function:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: worker/
          CodeSigningConfigArn: !Ref SignedOnly
          Handler: index.handler
          Runtime: nodejs22.x
          Environment:
            Variables:
              WORKER: !Ref Name
              GREETING: !Sub 'hello from \${Name}'
  Fn::ForEach::Greeters:
    - Kind
    - [Hi, Hey]
    - \${Kind}Greeter:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: greeters/\${Kind}/
          CodeSigningConfigArn: !Ref SignedOnly
          Handler: index.handler
          Runtime: nodejs22.x
Outputs:
  Fn::ForEach::WorkerArns:
    - Name
    - !Ref Workers
    - \${Name}Arn:
        Value: !GetAtt [!Sub '\${Name}Function', Arn]
`;

describe('a template with Fn::ForEach (local target)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (args: string[]) => runToolkit(args, { cwd: root });

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'template.yaml': template,
      'greeters/Hi/index.mjs': 'export const handler = async () => "hi, from its own folder";\n',
      'greeters/Hey/index.mjs': 'export const handler = async () => "hey, from its own folder";\n',
      'worker/index.mjs':
        'export const handler = async () => ({ worker: process.env.WORKER, greeting: process.env.GREETING });\n',
    }));
  });
  afterAll(() => cleanup());

  it('packages and signs the loop once, deploys one function per item under Enforce, and runs each', async () => {
    const profile = JSON.parse((await toolkit(['local', 'profile', 'create', 'LoopSigning', '--json'])).stdout) as {
      profileVersionArn: string;
    };
    const signing = ['--signing-profiles', '${Name}Function=LoopSigning HiGreeter=LoopSigning HeyGreeter=LoopSigning'];
    const publisher = ['--parameter-overrides', `Publisher=${profile.profileVersionArn}`];
    const packaged = await toolkit(['package', '--template-file', 'template.yaml', ...signing, '--json']);
    expect(packaged.exitCode, packaged.stderr).toBe(0);
    // One artifact for the loop, as written: every function of the loop runs the same signed zip.
    const artifacts = (JSON.parse(packaged.stdout) as { artifacts: { id: string; signed: unknown }[] }).artifacts;
    // A loop whose code path names its identifier packages one zip per item.
    expect(artifacts.map((a) => a.id)).toEqual(['${Name}Function', 'HiGreeter', 'HeyGreeter']);

    const deploy = await toolkit([
      'deploy',
      '--template-file',
      'template.yaml',
      '--stack-name',
      'loops',
      '--capabilities',
      'CAPABILITY_IAM',
      ...signing,
      ...publisher,
      '--json',
    ]);
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    const result = JSON.parse(deploy.stdout) as {
      changeSet: { action: string; logicalResourceId: string; resourceType: string }[];
      outputs: Record<string, string>;
    };
    const functions = result.changeSet.filter((c) => c.resourceType === 'AWS::Lambda::Function');
    expect(functions.map((c) => `${c.action} ${c.logicalResourceId}`).sort()).toEqual([
      'Add AlphaFunction',
      'Add BetaFunction',
      'Add HeyGreeter',
      'Add HiGreeter',
    ]);
    expect(Object.keys(result.outputs).sort()).toEqual(['AlphaArn', 'BetaArn']);
    expect(result.outputs.AlphaArn).toMatch(/:function:loops-AlphaFunction-/);
    for (const name of ['Alpha', 'Beta']) {
      const run = await toolkit(['local', 'invoke', `${name}Function`, '--stack-name', 'loops']);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ worker: name, greeting: `hello from ${name}` });
    }
    for (const kind of ['Hi', 'Hey']) {
      const run = await toolkit(['local', 'invoke', `${kind}Greeter`, '--stack-name', 'loops']);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toBe(`${kind.toLowerCase()}, from its own folder`);
    }
  }, 120_000);
});
