import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import {
  applyPendingEdits,
  findArtifacts,
  loadTemplateTree,
  rewriteArtifact,
  toPlainTemplate,
  type TemplateNode,
} from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

async function load(
  files: Record<string, string>,
): Promise<{ root: TemplateNode; scan: ReturnType<typeof findArtifacts> }> {
  const fx = fixture(files);
  const { root } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
  if (root === undefined) throw new Error('no root');
  return { root, scan: findArtifacts(root, localFiles) };
}

describe('file artifacts: definitions and templates uploaded as they are', () => {
  it('finds local files of every listed property, skips remote or computed values, and rewrites each in its form', async () => {
    const { root, scan } = await load({
      'template.yaml': lines(
        'Resources:',
        '  Schema:',
        '    Type: AWS::AppSync::GraphQLSchema',
        '    Properties:',
        '      ApiId: x',
        '      DefinitionS3Location: schema.graphql',
        '  Resolver:',
        '    Type: AWS::AppSync::Resolver',
        '    Properties:',
        '      RequestMappingTemplateS3Location: resolvers/request.vtl',
        '      ResponseMappingTemplateS3Location: s3://elsewhere/response.vtl',
        '      CodeS3Location: !Sub "s3://${AWS::AccountId}/code.js"',
        '  Http:',
        '    Type: AWS::ApiGatewayV2::Api',
        '    Properties:',
        '      BodyS3Location: openapi.json',
        '  Rest:',
        '    Type: AWS::ApiGateway::RestApi',
        '    Properties:',
        '      BodyS3Location: { Bucket: b, Key: k }',
      ),
      'schema.graphql': 'type Query { a: String }\n',
      'resolvers/request.vtl': '{}\n',
      'openapi.json': '{}\n',
    });
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.property, a.source.kind])).toEqual([
      ['Schema', 'DefinitionS3Location', 'file'],
      ['Resolver', 'RequestMappingTemplateS3Location', 'file'],
      ['Http', 'BodyS3Location', 'file'],
    ]);
    for (const artifact of scan.artifacts)
      rewriteArtifact(root, artifact, { bucket: 'art', key: `${artifact.id}.x`, version: 'v1' });
    applyPendingEdits(root);
    const resources = toPlainTemplate(root).Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(resources.Schema?.Properties.DefinitionS3Location).toBe('s3://art/Schema.x');
    expect(resources.Resolver?.Properties.RequestMappingTemplateS3Location).toBe('s3://art/Resolver.x');
    expect(resources.Resolver?.Properties.ResponseMappingTemplateS3Location).toBe('s3://elsewhere/response.vtl');
    expect(resources.Http?.Properties.BodyS3Location).toEqual({ Bucket: 'art', Key: 'Http.x', Version: 'v1' });
  });

  it('refuses a folder where a file belongs, at the property', async () => {
    const { scan } = await load({
      'template.yaml': lines(
        'Resources:',
        '  Flow:',
        '    Type: AWS::StepFunctions::StateMachine',
        '    Properties:',
        '      DefinitionS3Location: statemachine',
      ),
      'statemachine/flow.json': '{}',
    });
    expect(scan.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column, d.message])).toEqual([
      [
        'TEMPLATE_ARTIFACT_NOT_FOUND',
        5,
        29,
        expect.stringContaining('DefinitionS3Location of Flow points at statemachine, which is a folder, not a file'),
      ],
    ]);
  });
});
