import { GetTemplateCommand, type Parameter } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackChangeSet, deployNewStack, startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** The shape `sam package` writes for a loop whose functions each have their own code. */
const workersTemplate = (codeUris: Record<string, string>, names: string[]) => `
Transform: [${LANGUAGE_EXTENSIONS}, AWS::Serverless-2016-10-31]
Mappings:
  SAMCodeUriWorkers:
${Object.entries(codeUris)
  .map(([name, uri]) => `    ${name}: {CodeUri: ${uri}}`)
  .join('\n')}
Resources:
  Fn::ForEach::Workers:
    - Name
    - [${names.join(', ')}]
    - \${Name}Function:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          CodeUri: !FindInMap [SAMCodeUriWorkers, !Ref Name, CodeUri]
`;

describe('Fn::FindInMap resolved by AWS::LanguageExtensions in the CloudFormation engine', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  const changeSetFor = (stackName: string, template: unknown, parameters: Parameter[] = []) =>
    createStackChangeSet(f, stackName, template, parameters);

  /** Deploys through a change set; resolves the physical ids by logical id, the outputs and the processed template. */
  async function deployStack(stackName: string, template: unknown, parameters: Parameter[] = []) {
    const { stack, resources } = await deployNewStack(f, stackName, template, parameters);
    const processed = await f.cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Processed' }));
    return {
      physicalIds: new Map(resources.map((r) => [r.LogicalResourceId, r.PhysicalResourceId])),
      processed: JSON.parse(processed.TemplateBody ?? '{}') as Record<string, Record<string, Record<string, unknown>>>,
      outputs: new Map(stack.Outputs?.map((o) => [o.OutputKey, o.OutputValue])),
    };
  }

  it('deploys one function per loop item, each with the code its mapping entry names', async () => {
    const alpha = await f.uploadCode('alpha');
    const beta = await f.uploadCode('beta');
    const uri = (key: string) => `s3://${f.artifactBucket}/${key}`;
    const template = workersTemplate({ Alpha: uri(alpha.key), Beta: uri(beta.key) }, ['Alpha', 'Beta']);
    const { physicalIds, processed } = await deployStack('workers', template);
    expect([...physicalIds.keys()].sort()).toEqual([
      'AlphaFunction',
      'AlphaFunctionRole',
      'BetaFunction',
      'BetaFunctionRole',
    ]);
    expect(processed.Resources?.AlphaFunction).toMatchObject({
      Properties: { Code: { S3Bucket: f.artifactBucket, S3Key: alpha.key } },
    });
    const answers: string[] = [];
    const hashes = new Set<string | undefined>();
    for (const id of ['AlphaFunction', 'BetaFunction']) {
      const name = physicalIds.get(id);
      const invoked = await f.lambda.send(new InvokeCommand({ FunctionName: name }));
      answers.push(JSON.parse(Buffer.from(invoked.Payload ?? []).toString('utf8')) as string);
      hashes.add((await f.lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.CodeSha256);
    }
    expect(answers).toEqual(['alpha', 'beta']);
    expect(hashes.size).toBe(2);
  });

  it('takes the DefaultValue when the keys are absent, reads parameter Refs, and leaves other arguments to the engine', async () => {
    const template = {
      Transform: LANGUAGE_EXTENSIONS,
      Parameters: { Stage: { Type: 'String', Default: 'prod' } },
      Mappings: {
        Delays: { prod: { Seconds: 5 }, dev: { Seconds: 1 } },
        Regions: { [f.cloud.region]: { Seconds: 4 } },
        Stages: { current: { Name: 'dev' } },
      },
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Known: queue({
          DelaySeconds: { 'Fn::FindInMap': ['Delays', { Ref: 'Stage' }, 'Seconds', { DefaultValue: 9 }] },
        }),
        Fallback: queue({ DelaySeconds: { 'Fn::FindInMap': ['Delays', 'test', 'Seconds', { DefaultValue: 7 }] } }),
        Regional: queue({ DelaySeconds: { 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Seconds'] } }),
        // A lookup in the keys is resolved first.
        Nested: queue({
          DelaySeconds: { 'Fn::FindInMap': ['Delays', { 'Fn::FindInMap': ['Stages', 'current', 'Name'] }, 'Seconds'] },
        }),
        // The default is itself a lookup; a map the template lacks falls back too.
        Chained: queue({
          DelaySeconds: {
            'Fn::FindInMap': ['Nowhere', 'x', 'y', { DefaultValue: { 'Fn::FindInMap': ['Delays', 'dev', 'Seconds'] } }],
          },
        }),
        // Not literal: the engine resolves it when the resource is created.
        Computed: queue({
          DelaySeconds: { 'Fn::FindInMap': ['Delays', { 'Fn::Select': [0, ['dev']] }, 'Seconds'] },
        }),
        // A missing key in a branch not taken is the engine's to judge, as it is without the transform.
        Branch: queue({
          DelaySeconds: { 'Fn::If': ['Never', { 'Fn::FindInMap': ['Delays', 'none', 'Seconds'] }, 3] },
        }),
      },
      Outputs: {
        Delay: { Value: { 'Fn::FindInMap': ['Delays', { Ref: 'Stage' }, 'Seconds', { DefaultValue: 'none' }] } },
      },
    };
    const { processed, outputs } = await deployStack('defaults', template);
    const delays = Object.fromEntries(
      Object.entries(processed.Resources ?? {}).map(([id, r]) => [
        id,
        (r.Properties as Record<string, unknown>)?.DelaySeconds,
      ]),
    );
    expect(delays).toEqual({
      Known: 5,
      Fallback: 7,
      Regional: 4,
      Nested: 1,
      Chained: 1,
      Computed: template.Resources.Computed.Properties.DelaySeconds,
      Branch: template.Resources.Branch.Properties.DelaySeconds,
    });
    expect(processed.Outputs?.Delay).toEqual({ Value: 5 });
    expect(outputs.get('Delay')).toBe('5');

    const given = await deployStack('defaults-given', template, [{ ParameterKey: 'Stage', ParameterValue: 'qa' }]);
    expect(given.processed.Resources?.Known?.Properties).toEqual({ DelaySeconds: 9 });
    expect(given.outputs.get('Delay')).toBe('none');
  });

  it('fails the change set when a literal lookup misses and has no default', async () => {
    const uri = `s3://${f.artifactBucket}/code/absent.zip`;
    const described = await changeSetFor('missing', workersTemplate({ Alpha: uri }, ['Alpha', 'Gamma']));
    expect([described.Status, described.StatusReason]).toEqual([
      'FAILED',
      'Transform AWS::LanguageExtensions failed with: Template error: Unable to get mapping for SAMCodeUriWorkers::Gamma::CodeUri',
    ]);
  });

  it('leaves Fn::FindInMap to the engine in a template without the transform', async () => {
    const template = {
      Parameters: { Stage: { Type: 'String', Default: 'dev' } },
      Mappings: { Delays: { dev: { Seconds: 2 } } },
      Resources: { Queue: queue({ DelaySeconds: { 'Fn::FindInMap': ['Delays', { Ref: 'Stage' }, 'Seconds'] } }) },
    };
    const { processed, physicalIds } = await deployStack('plain', template);
    expect(processed.Resources?.Queue).toEqual(template.Resources.Queue);
    expect(physicalIds.get('Queue')).toBeDefined();

    // The engine's resolution refuses the call itself, as it always has.
    const missing = await sdkError(
      changeSetFor('plain-missing', template, [{ ParameterKey: 'Stage', ParameterValue: 'qa' }]),
    );
    expect([missing.name, missing.message]).toEqual([
      'ValidationError',
      'Template error: Unable to get mapping for Delays::qa::Seconds',
    ]);
  });
});

function queue(properties: Record<string, unknown>) {
  return { Type: 'AWS::SQS::Queue', Properties: properties };
}
