/// <reference lib="dom" />
import type { AwsClient } from '../aws-client.ts';
import { field, h, statusLine, table, time } from '../dom.ts';
import { action, type PageContext } from '../page-context.ts';
import type { CodeSigningConfig } from './code-signing-configs.ts';
import { verdictHistory } from './function-history.ts';
import { invokePanel } from './function-invoke.ts';
import { listBucketNames } from './objects.ts';

interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn?: string;
  Runtime?: string;
  Handler?: string;
  CodeSize?: number;
  CodeSha256?: string;
  LastModified?: string;
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

async function attachedConfig(client: AwsClient, name: string): Promise<string> {
  const answer = await client.json<{ CodeSigningConfigArn?: string }>(
    'lambda',
    'GET',
    `/2020-06-30/functions/${encodeURIComponent(name)}/code-signing-config`,
  );
  return answer.CodeSigningConfigArn ?? '';
}

/** Lambda's functions with runtime, code size, configuration and who signed the deployed code. */
export async function renderFunctions(ctx: PageContext): Promise<HTMLElement> {
  const { client } = ctx;
  const { Functions: functions = [] } = await client.json<{ Functions?: FunctionConfiguration[] }>(
    'lambda',
    'GET',
    '/2015-03-31/functions',
  );
  const configs = await Promise.all(functions.map((f) => attachedConfig(client, f.FunctionName)));
  const rows = functions.map((f, index) => [
    h('a', { href: `#/functions/${encodeURIComponent(f.FunctionName)}` }, f.FunctionName),
    f.Runtime ?? '',
    String(f.CodeSize ?? ''),
    configs[index] || 'none',
    f.SigningProfileVersionArn ?? 'unsigned',
    f.SigningJobArn ?? '',
    time(f.LastModified),
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'functions-title' },
    h('h2', { id: 'functions-title' }, 'Functions'),
    h('p', { id: 'page-status', role: 'status', 'aria-live': 'polite', class: 'status' }),
    table(
      'Functions',
      [
        'Name',
        'Runtime',
        'Code size (bytes)',
        'Code signing configuration',
        'Signing profile version',
        'Signing job',
        'Last modified',
      ],
      rows,
    ),
  );
}

/** One function: invoke it, attach or detach a configuration, deploy new code and see Lambda's verdict. */
export async function renderFunction(ctx: PageContext): Promise<HTMLElement> {
  const { client } = ctx;
  const name = ctx.path[1] ?? '';
  const status = statusLine('page-status');
  const act = (work: () => Promise<string>) => action(ctx, status.show, work);
  const fnPath = `/2015-03-31/functions/${encodeURIComponent(name)}`;
  const [{ Configuration: config }, attached, { CodeSigningConfigs: configs = [] }, buckets, history] =
    await Promise.all([
      client.json<{ Configuration?: FunctionConfiguration }>('lambda', 'GET', fnPath),
      attachedConfig(client, name),
      client.json<{ CodeSigningConfigs?: CodeSigningConfig[] }>('lambda', 'GET', '/2020-04-22/code-signing-configs'),
      listBucketNames(client),
      verdictHistory(client, name),
    ]);
  const accepted = (answer: FunctionConfiguration) =>
    `Lambda accepted the code (SHA-256 ${answer.CodeSha256 ?? ''}, ${answer.CodeSize ?? 0} bytes); ` +
    (answer.SigningProfileVersionArn
      ? `signed by profile version ${answer.SigningProfileVersionArn} in job ${answer.SigningJobArn ?? ''}.`
      : 'unsigned.');

  const choice = h(
    'select',
    { id: 'fn-csc' },
    configs.map((c) =>
      h(
        'option',
        { value: c.CodeSigningConfigArn, selected: c.CodeSigningConfigArn === attached },
        `${c.CodeSigningConfigId ?? c.CodeSigningConfigArn} · ${c.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? ''} · ${c.Description ?? ''}`,
      ),
    ),
  );
  const attach = h(
    'form',
    {
      'aria-labelledby': 'fn-csc-title',
      onsubmit: act(async () => {
        await client.json('lambda', 'PUT', `/2020-06-30/functions/${encodeURIComponent(name)}/code-signing-config`, {
          CodeSigningConfigArn: choice.value,
        });
        return `Attached ${choice.value} to ${name}.`;
      }),
    },
    h('h3', { id: 'fn-csc-title' }, 'Code signing configuration'),
    h('p', {}, 'Attached: ', attached || 'none'),
    field('Configuration', choice),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Attach configuration'),
      attached
        ? h(
            'button',
            {
              type: 'button',
              onclick: act(async () => {
                await client.json(
                  'lambda',
                  'DELETE',
                  `/2020-06-30/functions/${encodeURIComponent(name)}/code-signing-config`,
                );
                return `Detached the configuration from ${name}.`;
              }),
            },
            'Detach configuration',
          )
        : null,
    ),
  );

  const zip = h('input', { id: 'fn-zip', type: 'file', accept: '.zip,application/zip', required: true });
  const upload = h(
    'form',
    {
      'aria-labelledby': 'fn-upload-title',
      onsubmit: act(async () => {
        const file = zip.files?.[0];
        if (!file) throw new Error('Choose a zip file first.');
        const answer = await client.json<FunctionConfiguration>('lambda', 'PUT', `${fnPath}/code`, {
          ZipFile: base64(new Uint8Array(await file.arrayBuffer())),
        });
        return accepted(answer);
      }),
    },
    h('h3', { id: 'fn-upload-title' }, 'Upload a zip'),
    field('Zip file', zip),
    h('button', { type: 'submit' }, 'Upload code'),
  );

  const bucket = h(
    'select',
    { id: 'fn-s3-bucket' },
    buckets.map((b) => h('option', { value: b }, b)),
  );
  const key = h('input', { id: 'fn-s3-key', required: true, autocomplete: 'off' });
  const version = h('input', { id: 'fn-s3-version', autocomplete: 'off' });
  const fromS3 = h(
    'form',
    {
      'aria-labelledby': 'fn-s3-title',
      onsubmit: act(async () => {
        const answer = await client.json<FunctionConfiguration>('lambda', 'PUT', `${fnPath}/code`, {
          S3Bucket: bucket.value,
          S3Key: key.value,
          ...(version.value ? { S3ObjectVersion: version.value } : {}),
        });
        return accepted(answer);
      }),
    },
    h('h3', { id: 'fn-s3-title' }, 'Deploy code from S3'),
    field('Bucket', bucket),
    field('Key', key),
    field('Version', version, 'Empty: the latest version'),
    h('button', { type: 'submit' }, 'Deploy from S3'),
  );

  return h(
    'section',
    { 'aria-labelledby': 'function-title' },
    h('p', {}, h('a', { href: '#/functions' }, '← All functions')),
    h('h2', { id: 'function-title' }, name),
    status.element,
    h(
      'dl',
      {},
      h('dt', {}, 'Runtime'),
      h('dd', {}, config?.Runtime ?? ''),
      h('dt', {}, 'Handler'),
      h('dd', {}, config?.Handler ?? ''),
      h('dt', {}, 'Code size'),
      h('dd', {}, `${config?.CodeSize ?? 0} bytes`),
      h('dt', {}, 'Code SHA-256'),
      h('dd', {}, config?.CodeSha256 ?? ''),
      h('dt', {}, 'Signing profile version'),
      h('dd', { id: 'fn-signing-profile-version' }, config?.SigningProfileVersionArn ?? 'unsigned'),
      h('dt', {}, 'Signing job'),
      h('dd', {}, config?.SigningJobArn ?? ''),
      h('dt', {}, 'Last modified'),
      h('dd', {}, time(config?.LastModified)),
    ),
    invokePanel(client, name),
    history,
    attach,
    upload,
    fromS3,
  );
}

/** Base64 of bytes, in chunks (spreading a large array into one call overflows the stack). */
function base64(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
}
