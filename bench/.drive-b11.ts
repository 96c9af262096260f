import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cloudClientConfig } from '@toolkit/cloud';
import { createVersionedBucket } from './lib/cloud-clients.ts';
const endpoint = process.argv[2]!;
const n = Number(process.argv[3] ?? 200);
const config = { ...cloudClientConfig(endpoint), maxAttempts: 1 };
const cfn = new CloudFormationClient(config); const s3 = new S3Client(config);
function tpl(functions: number, marker: string) {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < functions; i++) {
    resources[`Logs${i}`] = { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } };
    resources[`Fn${i}`] = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/bench', Code: { ZipFile: `exports.handler = async () => '${i === 0 ? marker : 'same'}';` }, Environment: { Variables: { LOG_GROUP: { Ref: `Logs${i}` } } } } };
  }
  return JSON.stringify({ Resources: resources });
}
let k = 0;
const url = async (body: string) => { const key = `t${++k}.json`; await s3.send(new PutObjectCommand({ Bucket: 'tpl', Key: key, Body: body })); return `${endpoint}/tpl/${key}`; };
async function wait(name: string) { for (;;) { const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name })); const s = Stacks?.[0]?.StackStatus ?? ''; if (s.endsWith('_COMPLETE')) return s; await new Promise((r) => setTimeout(r, 2)); } }
await createVersionedBucket(endpoint, 'tpl').catch(() => {});
await cfn.send(new CreateStackCommand({ StackName: 's' + n, TemplateURL: await url(tpl(n, 'v0')) })); await wait('s' + n);
const times: number[] = [];
for (let r = 1; r <= 30; r++) { const u = await url(tpl(n, `v${r}`)); const t = performance.now(); await cfn.send(new UpdateStackCommand({ StackName: 's' + n, TemplateURL: u })); await wait('s' + n); times.push(performance.now() - t); }
times.sort((a, b) => a - b); console.log(n, 'median', times[15]!.toFixed(1), 'min', times[0]!.toFixed(1));
cfn.destroy(); s3.destroy();
