import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';
import { missingTool, tools } from '@toolkit/test-support';

const driver = fileURLToPath(new URL('./support/sam-translate.py', import.meta.url));
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/sam/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

interface SamRequest {
  template: unknown;
  region: string;
  parameterValues: Record<string, unknown>;
}
type SamResult = { template?: Record<string, unknown>; errors?: string[] };

/** Translates one region's requests in one Python process (importing samtranslator costs seconds each time). */
function samtranslatorIn(region: string, requests: SamRequest[]): Promise<SamResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [driver, region], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`samtranslator driver failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as SamResult[]);
    });
    child.stdin.end(JSON.stringify(requests.map(({ template, parameterValues }) => ({ template, parameterValues }))));
  });
}

/** samtranslator's answers in request order, one process per region, the regions side by side. */
async function samtranslator(requests: SamRequest[]): Promise<SamResult[]> {
  const regions = [...new Set(requests.map((request) => request.region))];
  const answers = new Map<SamRequest, SamResult>();
  await Promise.all(
    regions.map(async (region) => {
      const batch = requests.filter((request) => request.region === region);
      const results = await samtranslatorIn(region, batch);
      batch.forEach((request, index) => answers.set(request, results[index]!));
    }),
  );
  return requests.map((request) => answers.get(request)!);
}

/** samtranslator builds an S3 bucket's DependsOn from a Python set, whose order varies between runs. */
function sortedDependsOn(template: Record<string, unknown>): Record<string, unknown> {
  const resources = structuredClone(template['Resources']) as Record<string, Record<string, unknown>>;
  for (const resource of Object.values(resources))
    if (Array.isArray(resource['DependsOn'])) resource['DependsOn'] = [...(resource['DependsOn'] as string[])].sort();
  return { ...template, Resources: resources };
}

/**
 * samtranslator joins the conditions of functions with a DeploymentPreference into
 * `ServerlessCodeDeployCondition` from a Python set, whose order varies between runs.
 */
function sortedCodeDeployCondition(template: Record<string, unknown>): Record<string, unknown> {
  const conditions = template['Conditions'] as Record<string, Record<string, unknown[]>> | undefined;
  const either = conditions?.['ServerlessCodeDeployCondition']?.['Fn::Or'];
  if (!conditions || !Array.isArray(either)) return template;
  const sorted = [...either].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...template, Conditions: { ...conditions, ServerlessCodeDeployCondition: { 'Fn::Or': sorted } } };
}

/** The template with the orders that come from Python sets made canonical. */
function withoutSetOrder(template: Record<string, unknown>): Record<string, unknown> {
  return sortedCodeDeployCondition(sortedDependsOn(template));
}

const cases: Array<{
  name: string;
  parameterValues?: Record<string, unknown>;
  region?: string;
  notEmulated?: string[];
}> = [
  { name: 'plain-function' },
  { name: 'function-policies' },
  { name: 'function-policies', region: 'cn-north-1' },
  { name: 'function-role' },
  { name: 'function-layers-csc-env', parameterValues: { Stage: 'prod' } },
  { name: 'function-auto-publish-alias', parameterValues: { ArtifactKey: 'build-42' } },
  { name: 'function-auto-publish-alias', parameterValues: { ArtifactKey: 'build-43', AliasName: 'next' } },
  { name: 'function-globals', region: 'eu-west-1' },
  { name: 'function-inline-code' },
  { name: 'two-layer-versions' },
  { name: 'two-layer-versions', parameterValues: { Env: 'staging' } },
  { name: 'application' },
  { name: 'function-api-event' },
  { name: 'api-explicit-and-implicit' },
  { name: 'http-api-events' },
  { name: 'http-api-full' },
  { name: 'http-api-events-on-rest-api' },
  { name: 'websocket-api' },
  { name: 'api-explicit-and-implicit', region: 'cn-north-1', parameterValues: { Stage: 'gamma' } },
  { name: 'function-pull-events' },
  { name: 'function-push-events' },
  { name: 'function-url-invoke-table' },
  { name: 'state-machine' },
  { name: 'function-deployment-preference' },
  { name: 'state-machine', region: 'us-gov-west-1', parameterValues: { Stage: 'prod' } },
  { name: 'function-push-events', region: 'cn-north-1', parameterValues: { Fifo: 'false' } },
  { name: 'mix' },
  { name: 'mix', parameterValues: { Env: 'prod' }, region: 'us-gov-west-1' },
];

/** Resources samtranslator rejects, each for its own reason. */
const INVALID_TEMPLATE = {
  Transform: 'AWS::Serverless-2016-10-31',
  Resources: {
    Bogus: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', CodeUri: 's3://b/k.zip', Bogus: 1 },
    },
    LocalPath: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', CodeUri: './src' },
    },
    BadPolicy: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', InlineCode: 'x', Policies: [{ Foo: 1 }] },
    },
    NoRuntime: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: 's3://b/k.zip' } },
    Reserved: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', InlineCode: 'x', Tags: { 'lambda:createdBy': 'me' } },
    },
    BadAlias: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', InlineCode: 'x', AutoPublishAlias: '123' },
    },
    MissingTemplateParameter: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', InlineCode: 'x', Policies: [{ S3ReadPolicy: {} }] },
    },
    BadRetention: {
      Type: 'AWS::Serverless::LayerVersion',
      Properties: { ContentUri: 's3://b/l.zip', RetentionPolicy: 'Keep' },
    },
    SarApp: { Type: 'AWS::Serverless::Application', Properties: { Location: { Fn: 'x' } } },
    BadEventType: {
      Type: 'AWS::Serverless::Function',
      Properties: { Handler: 'a.h', Runtime: 'python3.12', InlineCode: 'x', Events: { Up: { Type: 'API' } } },
    },
    BadEventProperty: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        Handler: 'a.h',
        Runtime: 'python3.12',
        InlineCode: 'x',
        Events: { Note: { Type: 'SNS', Properties: { Topic: 'arn:aws:sns:us-east-1:1:t', BatchSize: 1 } } },
      },
    },
    BadDlq: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        Handler: 'a.h',
        Runtime: 'python3.12',
        InlineCode: 'x',
        Events: { Tick: { Type: 'Schedule', Properties: { Schedule: 'rate(1 day)', DeadLetterConfig: {} } } },
      },
    },
  },
};

describe.skipIf(missingTool(tools.samtranslator))('transformSam matches samtranslator', () => {
  const labelled = cases.map((c) => ({
    ...c,
    label: `${c.name} ${c.region ?? 'us-east-1'} ${JSON.stringify(c.parameterValues ?? {})}`,
  }));
  let expectedByLabel: Map<string, SamResult>;
  let invalidExpected: SamResult;
  beforeAll(async () => {
    const results = await samtranslator([
      ...labelled.map(({ name, region = 'us-east-1', parameterValues = {} }) => ({
        template: fixture(name),
        region,
        parameterValues,
      })),
      { template: INVALID_TEMPLATE, region: 'us-east-1', parameterValues: {} },
    ]);
    expectedByLabel = new Map(labelled.map((c, index) => [c.label, results[index]!]));
    invalidExpected = results.at(-1)!;
  });

  it.each(labelled)('$label', ({ label, name, parameterValues = {}, region = 'us-east-1', notEmulated = [] }) => {
    const template = fixture(name);
    const expected = expectedByLabel.get(label)!;
    expect(expected.errors).toBeUndefined();
    const actual = transformSam(template, { region, accountId: '123456789012', parameterValues });
    expect(actual.errors).toEqual([]);
    expect(actual.notEmulated).toEqual(notEmulated);
    expect(withoutSetOrder(actual.template)).toEqual(withoutSetOrder(expected.template as Record<string, unknown>));
  });

  it('reports the same errors for invalid resources', () => {
    const actual = transformSam(INVALID_TEMPLATE, { region: 'us-east-1', accountId: '123456789012' });
    expect([...actual.errors].sort()).toEqual([...(invalidExpected.errors ?? [])].sort());
  });
});
