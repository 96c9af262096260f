/// <reference lib="dom" />
import { pathOf, xmlAll, xmlText, type AwsClient } from '../aws-client.ts';
import { field, h, statusLine, table, time } from '../dom.ts';
import { action, type PageContext } from '../page-context.ts';
import { renderObjectSignature } from './object-signature.ts';

/** The account's bucket names, as ListBuckets gives them. */
export async function listBucketNames(client: AwsClient): Promise<string[]> {
  const answer = await client.s3('GET', '/');
  const document = new DOMParser().parseFromString(await answer.text(), 'application/xml');
  return xmlAll(document, 'Bucket').map((bucket) => xmlText(bucket, 'Name'));
}

/** S3's buckets. */
export async function renderBuckets(ctx: PageContext): Promise<HTMLElement> {
  const names = await listBucketNames(ctx.client);
  return h(
    'section',
    { 'aria-labelledby': 'buckets-title' },
    h('h2', { id: 'buckets-title' }, 'Buckets'),
    h('p', { id: 'page-status', role: 'status', 'aria-live': 'polite', class: 'status' }),
    table(
      'Buckets',
      ['Name'],
      names.map((name) => [h('a', { href: `#/objects/${encodeURIComponent(name)}` }, name)]),
    ),
  );
}

/** A bucket, or one zip's signature (`#/objects/BUCKET/signature?key=…&version=…`). */
export function renderObjectsDetail(ctx: PageContext): Promise<HTMLElement> {
  return ctx.path[2] === 'signature' ? renderObjectSignature(ctx) : renderBucket(ctx);
}

/** One bucket's object versions: download, upload, sign one, and see a zip's signature. */
async function renderBucket(ctx: PageContext): Promise<HTMLElement> {
  const { client } = ctx;
  const bucket = ctx.path[1] ?? '';
  const status = statusLine('page-status');
  const act = (work: () => Promise<string>) => action(ctx, status.show, work);
  const answer = await client.s3('GET', pathOf(bucket), { query: new URLSearchParams({ versions: '' }) });
  const document = new DOMParser().parseFromString(await answer.text(), 'application/xml');
  const versions = xmlAll(document, 'Version').map((v) => ({
    key: xmlText(v, 'Key'),
    versionId: xmlText(v, 'VersionId'),
    size: xmlText(v, 'Size'),
    modified: xmlText(v, 'LastModified'),
    latest: xmlText(v, 'IsLatest') === 'true',
  }));
  const rows = versions.map((v) => [
    v.key,
    v.versionId,
    v.latest ? 'yes' : '',
    v.size,
    time(v.modified),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          onclick: act(async () => {
            await download(client, bucket, v.key, v.versionId);
            return `Downloaded ${v.key}.`;
          }),
        },
        `Download ${v.key}`,
      ),
      v.key.endsWith('.zip')
        ? h(
            'a',
            {
              href: `#/jobs?${new URLSearchParams({ bucket, key: v.key, version: v.versionId === 'null' ? '' : v.versionId }).toString()}`,
            },
            'Sign…',
          )
        : null,
      v.key.endsWith('.zip')
        ? h(
            'a',
            {
              href: `#/objects/${encodeURIComponent(bucket)}/signature?${new URLSearchParams({ key: v.key, version: v.versionId }).toString()}`,
              'aria-label': `Signature of ${v.key} version ${v.versionId}`,
            },
            'Signature…',
          )
        : null,
    ),
  ]);
  const file = h('input', { id: 'object-file', type: 'file', required: true });
  const key = h('input', { id: 'object-key', autocomplete: 'off', required: true });
  const upload = h(
    'form',
    {
      'aria-labelledby': 'upload-title',
      onsubmit: act(async () => {
        const chosen = file.files?.[0];
        if (!chosen) throw new Error('Choose a file first.');
        const objectKey = key.value || chosen.name;
        const put = await client.s3('PUT', pathOf(bucket, ...objectKey.split('/')), {
          body: new Uint8Array(await chosen.arrayBuffer()),
          headers: { 'content-type': chosen.type || 'application/octet-stream' },
        });
        return `Uploaded ${objectKey} (version ${put.headers.get('x-amz-version-id') ?? 'none'}).`;
      }),
    },
    h('h3', { id: 'upload-title' }, 'Upload an object'),
    field('File', file),
    field('Key', key, 'Empty: the file’s name'),
    h('button', { type: 'submit' }, 'Upload object'),
  );
  return h(
    'section',
    { 'aria-labelledby': 'bucket-title' },
    h('p', {}, h('a', { href: '#/objects' }, '← All buckets')),
    h('h2', { id: 'bucket-title' }, bucket),
    status.element,
    table(
      `Object versions in ${bucket}`,
      ['Key', 'Version', 'Latest', 'Size (bytes)', 'Last modified', 'Actions'],
      rows,
    ),
    upload,
  );
}

/** Fetches one object version and hands it to the browser as a download. */
async function download(client: AwsClient, bucket: string, key: string, versionId: string): Promise<void> {
  const query = new URLSearchParams(versionId && versionId !== 'null' ? { versionId } : {});
  const answer = await client.s3('GET', pathOf(bucket, ...key.split('/')), { query });
  const url = URL.createObjectURL(await answer.blob());
  const link = h('a', { href: url, download: key.split('/').pop() ?? 'object' });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
