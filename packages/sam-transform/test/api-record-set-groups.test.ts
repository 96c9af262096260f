import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'ap-southeast-1', accountId: '123456789012' };

const domain = (name: string) => ({
  DomainName: name,
  CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
  EndpointConfiguration: 'REGIONAL',
  Route53: { HostedZoneId: 'abc123456' },
});

describe('Route53 record set groups', () => {
  it('are shared per hosted zone by REST and HTTP APIs', () => {
    const result = transformSam(
      {
        Resources: {
          MyHttpApi: { Type: 'AWS::Serverless::HttpApi', Properties: { Domain: domain('one.example.com') } },
          MyRestApi: {
            Type: 'AWS::Serverless::Api',
            Properties: { StageName: 'Prod', Domain: domain('two.example.com') },
          },
        },
      },
      options,
    );
    expect(result.errors).toEqual([]);
    const groups = Object.values(result.template['Resources'] as Record<string, Record<string, unknown>>).filter(
      (resource) => resource['Type'] === 'AWS::Route53::RecordSetGroup',
    );
    expect(groups).toHaveLength(1);
    const names = (groups[0]!['Properties'] as { RecordSets: Array<{ Name: string }> }).RecordSets.map((r) => r.Name);
    expect(names.sort()).toEqual(['one.example.com', 'two.example.com']);
  });
});
