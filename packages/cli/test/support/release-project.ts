import { type Tree } from '@toolkit/test-support';

/** Ids of the twelve serverless functions of the release project. */
export const releaseFunctionIds = Array.from({ length: 12 }, (_, i) => `Fn${String(i + 1).padStart(2, '0')}`);

/** Every signable artifact of the release project, path-qualified, with the profile that signs it. */
export const releaseSigning: Readonly<Record<string, 'ProfA' | 'ProfB'>> = {
  ...Object.fromEntries(releaseFunctionIds.map((id, i) => [id, i < 6 ? 'ProfA' : 'ProfB'])),
  SharedLayer: 'ProfA',
  RawLayer: 'ProfB',
  LegacyFn: 'ProfA',
  'Child/ChildA': 'ProfB',
  'Child/ChildB': 'ProfA',
};

/** `--signing-profiles` words for `releaseSigning`. */
export function releaseSigningArgs(): string[] {
  return ['--signing-profiles', ...Object.entries(releaseSigning).map(([id, profile]) => `${id}=${profile}`)];
}

/** Twelve serverless functions, a SAM layer, a Lambda layer and function with local paths, and a nested application with two functions. */
export function releaseTemplate(functionIds: readonly string[] = releaseFunctionIds): string {
  const functions = functionIds
    .map(
      (id) => `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/${id.toLowerCase()}/
      Layers:
        - !Ref SharedLayer
`,
    )
    .join('');
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: A release with many signed functions, two layers and a nested application
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    MemorySize: 128
Resources:
${functions}  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/shared/
      CompatibleRuntimes:
        - nodejs22.x
  RawLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: layers/raw/
      CompatibleRuntimes:
        - nodejs22.x
  LegacyRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
  LegacyFn:
    Type: AWS::Lambda::Function
    Properties:
      Code: legacy/
      Handler: index.handler
      Runtime: nodejs22.x
      Role: !GetAtt LegacyRole.Arn
      Layers:
        - !Ref RawLayer
  Child:
    Type: AWS::Serverless::Application
    Properties:
      Location: child/template.yaml
Outputs:
  FirstFunction:
    Value: !Ref ${functionIds[0] ?? 'LegacyFn'}
`;
}

const childTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
Resources:
  ChildA:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: a/
  ChildB:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: b/
`;

/** The release project's files: each function folder holds a few small files of its own. */
export function releaseProject(functionIds: readonly string[] = releaseFunctionIds): Tree {
  const tree: Tree = { 'template.yaml': releaseTemplate(functionIds), 'child/template.yaml': childTemplate };
  for (const id of functionIds) {
    const dir = `functions/${id.toLowerCase()}`;
    tree[`${dir}/index.js`] =
      `const { greet } = require('./lib/greet.js');\nexports.handler = async () => greet(${JSON.stringify(id)});\n`;
    tree[`${dir}/lib/greet.js`] = `exports.greet = (name) => ({ statusCode: 200, body: 'hello from ' + name });\n`;
    tree[`${dir}/config.json`] = `${JSON.stringify({ function: id })}\n`;
  }
  tree['layers/shared/nodejs/shared.js'] = 'module.exports = { shared: true };\n';
  tree['layers/raw/nodejs/raw.js'] = 'module.exports = { raw: true };\n';
  tree['legacy/index.js'] = 'exports.handler = async () => "legacy";\n';
  tree['child/a/app.py'] = 'def handler(event, context):\n    return "child a"\n';
  tree['child/b/app.py'] = 'def handler(event, context):\n    return "child b"\n';
  tree['child/b/util.py'] = 'VALUE = 2\n';
  return tree;
}
