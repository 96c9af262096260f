import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lines, useFixtures } from '@toolkit/test-support';

const runner = fileURLToPath(new URL('../conformance/conformance-sam.ts', import.meta.url));

function conformance(...args: string[]) {
  const result = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', runner, ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const layer = (extra: string[] = []) =>
  lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Layer:',
    '    Type: AWS::Serverless::LayerVersion',
    '    Properties:',
    '      ContentUri: s3://bucket/layer.zip',
    ...extra,
  );
const functionCase = (property: string) =>
  lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: s3://bucket/code.zip',
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    property,
  );
// samtranslator 1.110 output for `layer()`: the layer's logical id takes a hash of its content.
const layerOutput = {
  Resources: {
    Layer8c83fb3501: {
      Type: 'AWS::Lambda::LayerVersion',
      DeletionPolicy: 'Retain',
      Properties: { Content: { S3Bucket: 'bucket', S3Key: 'layer.zip' }, LayerName: 'Layer' },
    },
  },
};

describe('pnpm conformance:sam', () => {
  const fixture = useFixtures();

  it('prints PASS, DIFF, ERROR-MATCH and ERROR-MISMATCH per case and the totals', () => {
    const { dir } = fixture({
      'tests/translator/input/layer.yaml': layer(),
      'tests/translator/output/layer.json': JSON.stringify(layerOutput),
      'tests/translator/input/layer_other_name.yaml': layer(),
      'tests/translator/output/layer_other_name.json': JSON.stringify({
        Resources: { Layer8c83fb3501: { ...layerOutput.Resources.Layer8c83fb3501, DeletionPolicy: 'Delete' } },
      }),
      'tests/translator/input/error_events_not_a_map.yaml': functionCase('      Events: 5'),
      'tests/translator/output/error_events_not_a_map.json': JSON.stringify({
        errorMessage:
          "Invalid Serverless Application Specification document. Number of errors found: 1. Resource with id [Fn] is invalid. Type of property 'Events' is invalid.",
      }),
      'tests/translator/input/error_accepted.yaml': layer(),
      'tests/translator/output/error_accepted.json': JSON.stringify({ errorMessage: 'Invalid … document.' }),
      'tests/translator/input/translate_always_deploy.yaml': layer(),
    });
    const { status, stdout } = conformance(dir);
    expect(stdout).toContain(
      lines(
        'ERROR-MISMATCH error_accepted',
        '    transformed without an error',
        'ERROR-MATCH error_events_not_a_map',
        'PASS layer',
        'DIFF layer_other_name',
        '    Resources.Layer8c83fb3501.DeletionPolicy: got "Retain", expected "Delete"',
        '',
        'partition aws (ap-southeast-1)',
        'valid templates: 1/2 equal (PASS), 1 DIFF',
        "error templates: 1/2 rejected with samtranslator's message (ERROR-MATCH), 1 ERROR-MISMATCH",
      ),
    );
    expect(status).toBe(1);
  });

  // The shape of upstream's `_compare_transform` stand-in for IAM's policy list, which the runner reads.
  const testTranslator = (map: string) =>
    lines(
      'class AbstractTestTranslator(TestCase):',
      '    def _compare_transform(self, manifest, expected, partition, region, enable_feature_toggle=False):',
      '        with patch("boto3.session.Session.region_name", region):',
      '            mock_policy_loader = MagicMock()',
      '            mock_policy_loader.load.return_value = {',
      map,
      '            }',
      '            if partition == "aws":',
      '                mock_policy_loader.load.return_value["OnlyAws"] = (',
      '                    "arn:aws:iam::aws:policy/OnlyAws"',
      '                )',
      '            else:',
      '                mock_policy_loader.load.return_value["OnlyOthers"] = (',
      '                    f"arn:{partition}:iam::aws:policy/OnlyOthers"',
      '                )',
      '',
      '            output_fragment = transform(manifest, {}, mock_policy_loader)',
      '',
      '    def _read_input(self, testcase):',
      '        pass',
    );
  const policyCase = functionCase('      Policies: [Bundled, FromTest, OnlyAws, Unknown]');
  const policyOutput = (arns: unknown[]) => ({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: 'bucket', S3Key: 'code.zip' },
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
          Runtime: 'nodejs20.x',
          Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }],
        },
      },
      FnRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] } },
            ],
          },
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', ...arns],
          Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }],
        },
      },
    },
  });

  it('resolves policy names as upstream: its bundled list, then its test’s loader map, unknown names as written', () => {
    const { dir } = fixture({
      'tests/translator/test_translator.py': testTranslator(
        '                "FromTest": f"arn:{partition}:iam::aws:policy/service-role/FromTest",',
      ),
      'tests/translator/input/policies.yaml': policyCase,
      'tests/translator/output/policies.json': JSON.stringify(
        policyOutput([
          'arn:aws:iam::aws:policy/job-function/Bundled',
          'arn:aws:iam::aws:policy/service-role/FromTest',
          'arn:aws:iam::aws:policy/OnlyAws',
          'Unknown',
        ]),
      ),
      'bundled.json': JSON.stringify({ aws: { Bundled: 'arn:aws:iam::aws:policy/job-function/Bundled' } }),
    });
    const { status, stdout } = conformance(dir, '--managed-policies', `${dir}/bundled.json`);
    expect(stdout).toContain('PASS policies');
    expect(status).toBe(0);
  });

  it('refuses a test_translator.py without the policy loader map, naming it, with exit code 2', () => {
    const { dir } = fixture({
      'tests/translator/test_translator.py': 'class AbstractTestTranslator(TestCase):\n    pass\n',
      'tests/translator/input/policies.yaml': policyCase,
      'tests/translator/output/policies.json': '{}',
      'bundled.json': '{}',
    });
    const { status, stderr } = conformance(dir, '--managed-policies', `${dir}/bundled.json`);
    expect(status).toBe(2);
    expect(stderr).toContain(
      `${dir}/tests/translator/test_translator.py: _compare_transform's mock_policy_loader map was not found`,
    );
  });

  it('passes the YAML’s int keys to error cases only: upstream reads valid cases back from JSON', () => {
    const intKeyLayer = lines(
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  0:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: s3://bucket/layer.zip',
    );
    // samtranslator 1.110's output and message for this template, read back from JSON and as parsed.
    const output = { ...layerOutput.Resources.Layer8c83fb3501, Properties: { ...layerOutput.Resources.Layer8c83fb3501.Properties, LayerName: '0' } }; // prettier-ignore
    const { dir } = fixture({
      'tests/translator/input/layer_int_key.yaml': intKeyLayer,
      'tests/translator/output/layer_int_key.json': JSON.stringify({ Resources: { '07d22479945': output } }),
      'tests/translator/input/error_int_key.yaml': intKeyLayer,
      'tests/translator/output/error_int_key.json': JSON.stringify({
        errorMessage:
          'Invalid Serverless Application Specification document. Number of errors found: 1. Resource with id [0] is invalid. Logical ids must be alphanumeric.',
      }),
    });
    const { status, stdout } = conformance(dir);
    expect(stdout).toContain(lines('ERROR-MATCH error_int_key', 'PASS layer_int_key'));
    expect(status).toBe(0);
  });

  it('refuses a folder without a corpus, naming it, with exit code 2', () => {
    const { dir } = fixture({ 'empty/': '' });
    const { status, stderr } = conformance(`${dir}/empty`);
    expect(status).toBe(2);
    expect(stderr).toContain(`${dir}/empty: no input/ and output/ folders here or under tests/translator`);
  });
});
