import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { missingTool, tools } from '@toolkit/test-support';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackChangeSet, deployNewStack, startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
const queue = (properties: Record<string, unknown> = {}) => ({ Type: 'AWS::SQS::Queue', Properties: properties });
const loopOfQueues = (name: string, items: unknown, key = 'Queue${Item}') => ({
  [`Fn::ForEach::${name}`]: ['Item', items, { [key]: queue() }],
});

describe('Fn::ForEach (AWS::LanguageExtensions) in the CloudFormation engine', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  /** Creates a change set for a new stack; resolves the change set as described. */
  const createChangeSet = (stackName: string, template: unknown, parameters: Parameter[] = []) =>
    createStackChangeSet(f, stackName, template, parameters);

  /** Deploys through a change set; resolves the logical ids of the stack's resources, sorted. */
  async function deploy(stackName: string, template: unknown, parameters: Parameter[] = []): Promise<string[]> {
    const { resources } = await deployNewStack(f, stackName, template, parameters);
    return resources.map((r) => r.LogicalResourceId ?? '').sort();
  }

  it('expands a literal list, &{} of a non-alphanumeric item and a nested loop in Conditions, Resources and Outputs', async () => {
    const template = {
      Transform: LANGUAGE_EXTENSIONS,
      Conditions: {
        'Fn::ForEach::Stages': [
          'Stage',
          ['prod', 'dev-1'],
          { 'Is&{Stage}': { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
        ],
      },
      Resources: {
        ...loopOfQueues('Plain', ['a-b.c', 'd'], 'Queue&{Item}'),
        'Fn::ForEach::Teams': [
          'Team',
          ['Red', 'Blue'],
          {
            'Fn::ForEach::Sizes': [
              'Size',
              ['S', 'L'],
              {
                '${Team}${Size}': queue({
                  QueueName: { 'Fn::Sub': ['${AWS::StackName}-${Team}-${Tail}', { Tail: { Ref: 'Size' } }] },
                }),
              },
            ],
          },
        ],
        OnlyInProd: { Type: 'AWS::SQS::Queue', Condition: 'Isprod' },
        OnlyInDev: { Type: 'AWS::SQS::Queue', Condition: 'Isdev1' },
      },
      Outputs: {
        'Fn::ForEach::Urls': [
          'Name',
          ['a-b.c', 'd'],
          {
            'Queue&{Name}Url': { Value: { 'Fn::Sub': '${Queue&{Name}}' } },
            // The transform lets Fn::Sub name the resource of a GetAtt.
            'Queue&{Name}Arn': { Value: { 'Fn::GetAtt': [{ 'Fn::Sub': 'Queue&{Name}' }, 'Arn'] } },
          },
        ],
      },
    };
    expect(await deploy('loops', template)).toEqual([
      'BlueL',
      'BlueS',
      'OnlyInProd',
      'Queueabc',
      'Queued',
      'RedL',
      'RedS',
    ]);
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'loops' }));
    const byId = new Map(StackResources.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));
    expect(byId.get('RedL')).toContain('loops-Red-L');
    const stack = await f.waitForStack('loops');
    const outputs = new Map(stack.Outputs?.map((o) => [o.OutputKey, o.OutputValue]));
    expect([...outputs.keys()].sort()).toEqual(['QueueabcArn', 'QueueabcUrl', 'QueuedArn', 'QueuedUrl']);
    expect([outputs.get('QueueabcUrl'), outputs.get('QueuedUrl')]).toEqual([byId.get('Queueabc'), byId.get('Queued')]);
    expect(outputs.get('QueuedArn')).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:loops-Queued-/);
    const original = await f.cfn.send(new GetTemplateCommand({ StackName: 'loops', TemplateStage: 'Original' }));
    expect(original.TemplateBody).toBe(JSON.stringify(template));
    const processed = await f.cfn.send(new GetTemplateCommand({ StackName: 'loops', TemplateStage: 'Processed' }));
    const expanded = JSON.parse(processed.TemplateBody ?? '{}');
    expect(Object.keys(expanded.Conditions)).toEqual(['Isprod', 'Isdev1']);
    expect(expanded.Resources.BlueS.Properties.QueueName).toEqual({
      'Fn::Sub': ['${AWS::StackName}-Blue-${Tail}', { Tail: 'S' }],
    });
    expect(processed.TemplateBody).not.toContain('Fn::ForEach');
  });

  it('iterates over a CommaDelimitedList parameter (its default, then a given value) and a Fn::Split of a mapping', async () => {
    const template = {
      Transform: LANGUAGE_EXTENSIONS,
      // Team is a parameter too: inside the loop the identifier wins.
      Parameters: {
        Names: { Type: 'CommaDelimitedList', Default: 'x,y' },
        Team: { Type: 'String', Default: 'Parameter' },
      },
      Mappings: { Teams: { Default: { Names: 'North,South' } } },
      Resources: {
        ...loopOfQueues('Named', { Ref: 'Names' }),
        'Fn::ForEach::Mapped': [
          'Team',
          { 'Fn::Split': [',', { 'Fn::FindInMap': ['Teams', 'Default', 'Names'] }] },
          { '${Team}Queue': queue({ QueueName: { 'Fn::Sub': '${AWS::StackName}-${Team}' } }) },
        ],
      },
    };
    expect(await deploy('list-default', template)).toEqual(['NorthQueue', 'Queuex', 'Queuey', 'SouthQueue']);
    expect(await deploy('list-given', template, [{ ParameterKey: 'Names', ParameterValue: 'p,q,r' }])).toEqual([
      'NorthQueue',
      'Queuep',
      'Queueq',
      'Queuer',
      'SouthQueue',
    ]);
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'list-given' }));
    const north = StackResources.find((r) => r.LogicalResourceId === 'NorthQueue')?.PhysicalResourceId;
    expect(north).toMatch(/list-given-North$/);

    // An update with the previous template re-expands it over the new value: one queue fewer.
    await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'list-given',
        ChangeSetName: 'fewer',
        ChangeSetType: 'UPDATE',
        Capabilities: ['CAPABILITY_AUTO_EXPAND'],
        UsePreviousTemplate: true,
        Parameters: [{ ParameterKey: 'Names', ParameterValue: 'p,q' }],
      }),
    );
    const update = await f.cfn.send(new DescribeChangeSetCommand({ StackName: 'list-given', ChangeSetName: 'fewer' }));
    expect(update.Changes?.map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`)).toEqual([
      'Remove Queuer',
    ]);
    await f.cfn.send(new ExecuteChangeSetCommand({ StackName: 'list-given', ChangeSetName: 'fewer' }));
    expect((await f.waitForStack('list-given')).StackStatus).toBe('UPDATE_COMPLETE');
  });

  it('runs before the SAM transform: one Lambda function per item, with a loop inside its properties', async () => {
    const code = await f.uploadCode('for-each');
    const template = `
Transform: [${LANGUAGE_EXTENSIONS}, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Functions:
    - Name
    - [Alpha, Beta]
    - \${Name}Function:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          CodeUri: s3://${f.artifactBucket}/${code.key}
          Environment:
            Variables:
              FIXED: same
              Fn::ForEach::Variables:
                - Variable
                - [ONE, TWO]
                - \${Variable}: !Sub '\${Name}-\${Variable}'
`;
    expect(await deploy('sam-loop', template)).toEqual([
      'AlphaFunction',
      'AlphaFunctionRole',
      'BetaFunction',
      'BetaFunctionRole',
    ]);
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'sam-loop' }));
    const beta = StackResources.find((r) => r.LogicalResourceId === 'BetaFunction')?.PhysicalResourceId;
    const configuration = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: beta }));
    expect(configuration.Environment?.Variables).toEqual({ FIXED: 'same', ONE: 'Beta-ONE', TWO: 'Beta-TWO' });
  });

  it.skipIf(missingTool(tools.awsCli))(
    'deploys a loop over a list parameter with `aws cloudformation deploy`',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'toolkit-for-each-'));
      try {
        const file = join(dir, 'template.yaml');
        await writeFile(
          file,
          `Transform: ${LANGUAGE_EXTENSIONS}
Parameters:
  Names: { Type: CommaDelimitedList, Default: unused }
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue\${Name}: { Type: AWS::SQS::Queue }
`,
        );
        const env = {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: f.cloud.region,
          AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
        };
        const args = ['cloudformation', 'deploy', '--template-file', file, '--stack-name', 'cli-loop'];
        const options = ['--parameter-overrides', 'Names=m,n', '--capabilities', 'CAPABILITY_AUTO_EXPAND'];
        await promisify(execFile)('aws', [...args, ...options, '--endpoint-url', f.cloud.endpoint], { env });
        const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'cli-loop' }));
        expect(StackResources.map((r) => r.LogicalResourceId).sort()).toEqual(['Queuem', 'Queuen']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('fails the change set with the transform’s reason for each malformed or colliding loop', async () => {
    const withResources = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      Transform: LANGUAGE_EXTENSIONS,
      Resources: resources,
      ...extra,
    });
    const failed = 'Transform AWS::LanguageExtensions failed with: ';
    const nest = (depth: number): Record<string, unknown> => ({
      [`Fn::ForEach::Level${depth}`]: [`I${depth}`, ['a'], depth === 6 ? { 'Q${I6}': queue() } : nest(depth + 1)],
    });
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'taken',
        withResources({ Queuea: queue(), ...loopOfQueues('Q', ['a']) }),
        'Queuea at /Resources is defined twice: by the template and by Fn::ForEach::Q.',
      ],
      [
        'two-loops',
        withResources({ ...loopOfQueues('First', ['a']), ...loopOfQueues('Second', ['b', 'a']) }),
        'Queuea at /Resources is defined twice: by Fn::ForEach::First and by Fn::ForEach::Second.',
      ],
      [
        'loop-name',
        withResources({ Queues: queue(), ...loopOfQueues('Queues', ['a']) }),
        'The loop name Queues is also the logical id of a resource; loop names must differ from them.',
      ],
      [
        'same-name',
        withResources(loopOfQueues('Q', ['a']), {
          Outputs: { 'Fn::ForEach::Q': ['N', ['a'], { 'Out${N}': { Value: 'x' } }] },
        }),
        'Two loops are named Q (at /Resources and at /Outputs); loop names must be unique.',
      ],
      [
        'two-items',
        withResources({ 'Fn::ForEach::Q': ['Item', ['a']] }),
        'Fn::ForEach::Q at /Resources must be a list of 3 items: an identifier, a collection and an output map.',
      ],
      [
        'identifier',
        withResources({ 'Fn::ForEach::Q': [{ Ref: 'X' }, ['a'], { 'Q${X}': queue() }] }),
        'The identifier of Fn::ForEach::Q at /Resources must be an alphanumeric string.',
      ],
      [
        'fragment',
        withResources({ 'Fn::ForEach::Q': ['Item', ['a'], ['Q${Item}']] }),
        'The output of Fn::ForEach::Q at /Resources must be a map of output keys to values.',
      ],
      [
        'key',
        withResources(loopOfQueues('Q', ['a'], 'Queue')),
        'The output key Queue of Fn::ForEach::Q at /Resources must contain ${Item} or &{Item}.',
      ],
      [
        'section',
        withResources({ Queue: queue() }, { Parameters: loopOfQueues('P', ['a']) }),
        'Fn::ForEach::P at /Parameters is not allowed there: Fn::ForEach may be used in Conditions, Resources, Outputs and resource properties.',
      ],
      [
        'metadata',
        withResources({ Queue: { ...queue(), Metadata: { 'Fn::ForEach::M': ['N', ['a'], { '${N}': 'x' }] } } }),
        'Fn::ForEach::M at /Resources/Queue/Metadata is not allowed there: Fn::ForEach may be used in Conditions, Resources, Outputs and resource properties.',
      ],
      [
        'resource-ref',
        withResources({ Source: queue(), ...loopOfQueues('Q', { Ref: 'Source' }) }),
        'The collection of Fn::ForEach::Q at /Resources could not be resolved: Template format error: Unresolved resource dependencies [Source]',
      ],
      [
        'get-att',
        withResources({ Source: queue(), ...loopOfQueues('Q', { 'Fn::GetAtt': ['Source', 'Arn'] }) }),
        'The collection of Fn::ForEach::Q at /Resources must be a list of strings, or a Ref, Fn::FindInMap or Fn::Split giving one; Fn::GetAtt is not supported there.',
      ],
      [
        'string-parameter',
        withResources(loopOfQueues('Q', { Ref: 'One' }), { Parameters: { One: { Type: 'String', Default: 'a' } } }),
        'The collection of Fn::ForEach::Q at /Resources must be a list of strings, but Ref gave "a".',
      ],
      ['too-deep', withResources(nest(1)), 'Fn::ForEach::Level6 at /Resources/Fn::ForEach::Level1/'],
    ];
    for (const [name, template, reason] of cases) {
      const described = await createChangeSet(`fail-${name}`, template);
      expect([name, described.Status, described.StatusReason?.slice(0, failed.length + reason.length)]).toEqual([
        name,
        'FAILED',
        `${failed}${reason}`,
      ]);
    }
    const tooDeep = await createChangeSet('fail-too-deep-again', withResources(nest(1)));
    expect(tooDeep.StatusReason).toMatch(/Fn::ForEach::Level6 at \S+ is nested more than 5 loops deep\.$/);
  });

  it('reports a template’s other format error, not its loops', async () => {
    const error = await sdkError(
      createChangeSet('other-error', {
        Transform: LANGUAGE_EXTENSIONS,
        Resources: { ...loopOfQueues('Q', ['a']), Broken: { Properties: {} } },
      }),
    );
    expect([error.name, error.message]).toEqual([
      'ValidationError',
      'Template format error: Resource Broken has no Type (line 1, column 145)',
    ]);
  });

  it('refuses Fn::ForEach in a template that does not declare AWS::LanguageExtensions, naming the transform', async () => {
    for (const transform of [{}, { Transform: 'AWS::Serverless-2016-10-31' }]) {
      const error = await sdkError(
        f.cfn.send(
          new CreateChangeSetCommand({
            StackName: 'undeclared',
            ChangeSetName: 'cs',
            ChangeSetType: 'CREATE',
            Capabilities: ['CAPABILITY_AUTO_EXPAND'],
            TemplateBody: JSON.stringify({ ...transform, Resources: loopOfQueues('Q', ['a']) }),
          }),
        ),
      );
      expect([error.name, error.message]).toEqual([
        'ValidationError',
        "Template format error: Unrecognized function Fn::ForEach::Q at /Resources: Fn::ForEach needs the AWS::LanguageExtensions transform in the template's Transform section.",
      ]);
    }
  });
});
