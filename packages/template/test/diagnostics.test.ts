import { formatDiagnostic, localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { loadTemplateTree, parseTemplateText, validateTemplate } from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

/** `file:line:col: severity CODE: message` with the temp dir made relative. */
async function validate(files: Record<string, string>, root = 'template.yaml'): Promise<string[]> {
  const fx = fixture(files);
  const diagnostics = await validateTemplate(fx.file(root), localFiles);
  return diagnostics.map((d) => formatDiagnostic(d).split(`${fx.dir}/`).join(''));
}

function parse(text: string, fileName = 'template.yaml'): string[] {
  return parseTemplateText(text, fileName).diagnostics.map(formatDiagnostic);
}

describe('template diagnostics', () => {
  it('reports YAML syntax errors at the position yaml gives', () => {
    expect(parse(lines('Resources:', '  Fn:', '    Type: X', '   Bad: x'))).toEqual([
      'template.yaml:4:1: error TEMPLATE_SYNTAX: YAML syntax error: All mapping items must start at the same column',
    ]);
    expect(parse(lines('Resources:', '  Fn:', '    Type: X', '  Fn:', '    Type: Y'))).toEqual([
      "template.yaml:4:3: error TEMPLATE_SYNTAX: YAML syntax error: Duplicate key 'Fn': keys in a mapping must be unique",
    ]);
    expect(parse('{"Resources": {"Fn": {"Type": "X"}, "Fn": {"Type": "Y"}}}', 'template.json')).toEqual([
      "template.json:1:37: error TEMPLATE_SYNTAX: JSON syntax error: Duplicate key 'Fn': keys in a mapping must be unique",
    ]);
  });

  it('reports JSON syntax errors', () => {
    expect(parse(lines('{', '  "Resources": {', '    "Fn": {"Type" "X"}', '  }', '}'), 'template.json')).toEqual([
      "template.json:3:19: error TEMPLATE_SYNTAX: JSON syntax error: Expected ':' after property name",
    ]);
  });

  it('reports a JSON syntax error at the offending character, not at the end of the file', () => {
    // yaml reads JSON as flow YAML and reports these where the file ends.
    expect(
      parse(lines('{', '  "Resources": {', '    "Fn": {"Type": "X"}', '  }', '  "Outputs": {}', '}'), 'template.json'),
    ).toEqual([
      "template.json:5:3: error TEMPLATE_SYNTAX: JSON syntax error: Expected ',' or '}' after property value",
    ]);
    expect(parse(lines('{', '  "Resources": {', '    "Fn": {"Type": "X}', '  }', '}'), 'template.json')).toEqual([
      'template.json:3:23: error TEMPLATE_SYNTAX: JSON syntax error: Bad control character in string literal',
    ]);
    expect(parse(lines('{', '  "Resources": {', '    "Fn": {"Type": "X"}}', '  }', '}'), 'template.json')).toEqual([
      'template.json:5:1: error TEMPLATE_SYNTAX: JSON syntax error: Unexpected non-whitespace character after JSON',
    ]);
  });

  it('reports unknown short tags at the tag, with a suggestion', () => {
    expect(
      parse(lines('Resources:', '  Fn:', '    Type: X', '    Properties:', '      A: !Reff B', '      B: !Bogus [a]')),
    ).toEqual([
      'template.yaml:5:10: error TEMPLATE_UNKNOWN_TAG: Unknown tag !Reff: not a CloudFormation intrinsic function (did you mean !Ref?)',
      'template.yaml:6:10: error TEMPLATE_UNKNOWN_TAG: Unknown tag !Bogus: not a CloudFormation intrinsic function',
    ]);
  });

  it('reports a missing or malformed Resources section and resources without Type', () => {
    expect(parse(lines('Parameters: {}'))).toEqual([
      'template.yaml:1:1: error TEMPLATE_RESOURCES_MISSING: The template has no Resources section',
    ]);
    expect(parse('')).toEqual([
      'template.yaml:1:1: error TEMPLATE_RESOURCES_MISSING: The template is empty: it has no Resources section',
    ]);
    expect(parse(lines('# header', 'Resources: [a]'))).toEqual([
      'template.yaml:2:12: error TEMPLATE_RESOURCES_NOT_MAPPING: Resources must be a mapping of logical ids to resources',
    ]);
    expect(parse(lines('Description: x', 'Resources:'))).toEqual([
      'template.yaml:2:1: error TEMPLATE_RESOURCES_NOT_MAPPING: Resources must be a mapping of logical ids to resources',
    ]);
    expect(
      parse(
        lines(
          'Resources:',
          '  Zones:',
          '    Type: X',
          '    Properties:',
          '      Zones: !GetAZs',
          '  NoType:',
          '    Properties: {}',
        ),
      ),
    ).toEqual(['template.yaml:6:3: error TEMPLATE_RESOURCE_TYPE_MISSING: Resource NoType has no Type']);
    expect(parse(lines('Resources:', '  Fn:', '    Properties: {}', '  Other: 3'))).toEqual([
      'template.yaml:2:3: error TEMPLATE_RESOURCE_TYPE_MISSING: Resource Fn has no Type',
      'template.yaml:4:3: error TEMPLATE_RESOURCE_NOT_MAPPING: Resource Other must be a mapping with a Type',
    ]);
  });

  it('reports local artifact paths that do not exist', async () => {
    const result = await validate({
      'template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: ./missing',
        '  Lambda:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code: gone.zip',
        '  Layer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties: {ContentUri: layer}',
        '  LambdaLayer:',
        '    Type: AWS::Lambda::LayerVersion',
        '    Properties:',
        '      Content:   nope/',
      ),
    });
    expect(result).toEqual([
      'template.yaml:5:16: error TEMPLATE_ARTIFACT_NOT_FOUND: CodeUri of Fn points at ./missing, which does not exist (looked for missing)',
      'template.yaml:9:13: error TEMPLATE_ARTIFACT_NOT_FOUND: Code of Lambda points at gone.zip, which does not exist (looked for gone.zip)',
      'template.yaml:12:30: error TEMPLATE_ARTIFACT_NOT_FOUND: ContentUri of Layer points at layer, which does not exist (looked for layer)',
      'template.yaml:16:18: error TEMPLATE_ARTIFACT_NOT_FOUND: Content of LambdaLayer points at nope/, which does not exist (looked for nope)',
    ]);
  });

  it('reports a zip function with no CodeUri and no global one', async () => {
    expect(
      await validate({
        'template.yaml': lines(
          'Resources:',
          '  Fn:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      Handler: x',
        ),
      }),
    ).toEqual([
      'template.yaml:3:5: error TEMPLATE_CODE_MISSING: Fn (AWS::Serverless::Function) has no CodeUri; it needs a local path or an S3 location',
    ]);
    expect(
      await validate({
        'template.yaml': lines(
          'Globals:',
          '  Function:',
          '    Runtime: python3.12',
          'Resources:',
          '  Fn:',
          '    Type: AWS::Serverless::Function',
        ),
      }),
    ).toEqual([
      'template.yaml:6:5: error TEMPLATE_CODE_MISSING: Fn (AWS::Serverless::Function) has no CodeUri (nor does Globals.Function); it needs a local path or an S3 location',
    ]);
  });

  it('names the chain of a nested template cycle', async () => {
    const stack = (target: string) =>
      lines(
        'Resources:',
        '  Next:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        `      TemplateURL: ${target}`,
      );
    expect(
      await validate({
        'template.yaml': stack('a/child.yaml'),
        'a/child.yaml': lines(
          'Resources:',
          '  Back:',
          '    Type: AWS::Serverless::Application',
          '    Properties:',
          '      Location: ../template.yaml',
        ),
      }),
    ).toEqual([
      'a/child.yaml:5:17: error TEMPLATE_NESTED_CYCLE: Nested template cycle: template.yaml -> a/child.yaml (Next) -> template.yaml (Next/Back)',
    ]);
    expect(await validate({ 'template.yaml': stack('./template.yaml') })).toEqual([
      'template.yaml:5:20: error TEMPLATE_NESTED_CYCLE: Nested template cycle: template.yaml -> template.yaml (Next)',
    ]);
  });

  it('reports a nested template file that does not exist, at the property that names it', async () => {
    expect(
      await validate({
        'template.yaml': lines(
          'Resources:',
          '  Child:',
          '    Type: AWS::Serverless::Application',
          '    Properties:',
          '      Location: child/missing.yaml',
        ),
      }),
    ).toEqual([
      expect.stringMatching(
        /^template\.yaml:5:17: error TEMPLATE_NESTED_NOT_FOUND: Nested template of Child does not exist: .*child\/missing\.yaml$/,
      ),
    ]);
  });

  it('reports errors inside nested templates with their own file', async () => {
    expect(
      await validate({
        'template.yaml': lines(
          'Resources:',
          '  Child:',
          '    Type: AWS::CloudFormation::Stack',
          '    Properties:',
          '      TemplateURL: child.yaml',
        ),
        'child.yaml': lines('Resources:', '  Fn:', '    Type: !Reff X'),
      }),
    ).toEqual([
      'child.yaml:3:11: error TEMPLATE_UNKNOWN_TAG: Unknown tag !Reff: not a CloudFormation intrinsic function (did you mean !Ref?)',
    ]);
  });

  it('returns no root, and a diagnostic, when the root template is missing or broken', async () => {
    const fx = fixture({ 'broken.yaml': lines('Resources:', '  Fn: [') });
    const missing = await loadTemplateTree(fx.file('nope.yaml'), localFiles);
    expect(missing.root).toBeUndefined();
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['TEMPLATE_NOT_FOUND']);
    const broken = await loadTemplateTree(fx.file('broken.yaml'), localFiles);
    expect(broken.root).toBeUndefined();
    expect(broken.diagnostics.map((d) => [d.code, d.position?.line])).toEqual([['TEMPLATE_SYNTAX', 3]]);
  });
});
