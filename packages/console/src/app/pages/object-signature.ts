/// <reference lib="dom" />
import {
  FormatProblem,
  evaluateSignatureWeb,
  parseTrustData,
  readSignedZipWeb,
  type Verdict,
  type WebZipContents,
} from '@toolkit/signing/portable';
import { pathOf } from '../aws-client.ts';
import { describeError, field, h, statusLine, table, time } from '../dom.ts';
import { withLiveRevocations } from '../live-trust.ts';
import type { PageContext } from '../page-context.ts';
import type { CodeSigningConfig } from './code-signing-configs.ts';

/** Where "every version in the trust file" is chosen instead of a configuration (as `toolkit verify --policy warn`). */
const TRUST_ALL = '';

/** One zip object's signature envelope, and the verdict `toolkit verify` gives, computed in the browser. */
export async function renderObjectSignature(ctx: PageContext): Promise<HTMLElement> {
  const { client, params } = ctx;
  const bucket = ctx.path[1] ?? '';
  const key = params.get('key') ?? '';
  const versionId = params.get('version') ?? '';
  const query = new URLSearchParams(versionId && versionId !== 'null' ? { versionId } : {});
  const [object, { CodeSigningConfigs: configs = [] }] = await Promise.all([
    client.s3('GET', pathOf(bucket, ...key.split('/')), { query }),
    client.json<{ CodeSigningConfigs?: CodeSigningConfig[] }>('lambda', 'GET', '/2020-04-22/code-signing-configs'),
  ]);
  const zip = new Uint8Array(await object.arrayBuffer());
  let contents: WebZipContents | undefined;
  let malformed = '';
  try {
    contents = await readSignedZipWeb(zip);
  } catch (error) {
    if (!(error instanceof FormatProblem)) throw error;
    malformed = error.message;
  }

  const status = statusLine('page-status');
  const result = h('div', { id: 'verdict-result' });
  const trustFile = h('input', { id: 'verify-trust', type: 'file', accept: '.json,application/json', required: true });
  const publishers = h(
    'select',
    { id: 'verify-csc' },
    configs.map((c) =>
      h(
        'option',
        { value: c.CodeSigningConfigArn },
        `${c.CodeSigningConfigId ?? c.CodeSigningConfigArn} · ${c.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? ''} · ${c.Description ?? ''}`,
      ),
    ),
    h('option', { value: TRUST_ALL }, 'Every profile version in the trust file (Warn)'),
  );
  const asOf = h('input', { id: 'verify-at', type: 'datetime-local', step: 1 });
  const check = h(
    'form',
    {
      'aria-labelledby': 'verify-title',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        status.show('Checking…', 'busy');
        result.replaceChildren();
        try {
          const chosen = trustFile.files?.[0];
          if (!chosen) throw new Error('Choose the trust file first.');
          let trust;
          try {
            trust = parseTrustData(await chosen.text());
          } catch (error) {
            throw new Error(`Trust file ${chosen.name}: ${(error as Error).message}`);
          }
          if (contents && !contents.unsigned) trust = await withLiveRevocations(client, trust, contents.envelope);
          const csc = configs.find((c) => c.CodeSigningConfigArn === publishers.value);
          const verdict = await evaluateSignatureWeb({
            zip,
            allowedProfileVersionArns: csc
              ? (csc.AllowedPublishers?.SigningProfileVersionArns ?? [])
              : trust.profileVersions.map((v) => v.profileVersionArn),
            policy: !csc || csc.CodeSigningPolicies?.UntrustedArtifactOnDeployment === 'Warn' ? 'Warn' : 'Enforce',
            trust,
            at: asOf.value ? new Date(asOf.value) : new Date(),
          });
          status.show(`Verdict: ${verdict.verdict}.`, verdict.verdict === 'reject' ? 'error' : 'ok');
          result.replaceChildren(renderVerdict(verdict));
        } catch (error) {
          status.show(describeError(error), 'error');
        }
      },
    },
    h('h3', { id: 'verify-title' }, 'Verdict'),
    h(
      'p',
      {},
      'The checks of ',
      h('code', {}, 'toolkit verify'),
      ' and Lambda, run in this browser: digest and signature (with the public key from a trust file written by ',
      h('code', {}, 'toolkit local trust export'),
      '), allowed publishers, expiry, and revocation as Signer reports it now (GetRevocationStatus).',
    ),
    field('Trust file', trustFile),
    field('Allowed publishers and policy', publishers, 'From a code signing configuration'),
    field('As of', asOf, 'Empty: now (in your time zone)'),
    h('button', { type: 'submit' }, 'Check signature'),
    status.element,
    result,
  );

  return h(
    'section',
    { 'aria-labelledby': 'object-signature-title' },
    h('p', {}, h('a', { href: `#/objects/${encodeURIComponent(bucket)}` }, `← ${bucket}`)),
    h('h2', { id: 'object-signature-title' }, `Signature of ${key}`),
    h('p', {}, `Version ${versionId || 'latest'}, ${zip.length} bytes.`),
    renderEnvelope(contents, malformed),
    check,
  );
}

function renderEnvelope(contents: WebZipContents | undefined, malformed: string): HTMLElement {
  if (contents === undefined)
    return h('p', { id: 'envelope-state', class: 'status error' }, `Not a well-formed package: ${malformed}`);
  if (contents.unsigned)
    return h('p', { id: 'envelope-state' }, 'Unsigned: the zip carries no toolkit-sig/1 envelope.');
  const { envelope } = contents;
  const profile = /:\/signing-profiles\/([^/]+)\//.exec(envelope.profileVersionArn)?.[1] ?? '';
  return h(
    'dl',
    { id: 'envelope' },
    h('dt', {}, 'Signing profile'),
    h('dd', {}, profile),
    h('dt', {}, 'Profile version ARN'),
    h('dd', {}, envelope.profileVersionArn),
    h('dt', {}, 'Signing job'),
    h('dd', {}, envelope.jobArn.slice(envelope.jobArn.lastIndexOf('/') + 1)),
    h('dt', {}, 'Signed at'),
    h('dd', {}, time(envelope.signedAt)),
    h('dt', {}, 'Expires at'),
    h('dd', {}, time(envelope.expiresAt)),
    h('dt', {}, 'Digest (SHA-384)'),
    h('dd', {}, envelope.digest),
    h('dt', {}, 'Digest of these bytes'),
    h('dd', { id: 'envelope-digest-state' }, contents.digestMatches ? 'matches' : `differs: ${contents.digestHex}`),
  );
}

function renderVerdict(verdict: Verdict): HTMLElement {
  return h(
    'div',
    {},
    table(
      'Checks',
      ['Check', 'Result'],
      Object.entries(verdict.checks).map(([name, outcome]) => [name, outcome]),
    ),
    h(
      'ul',
      { id: 'verdict-reasons', 'aria-label': 'Reasons' },
      verdict.reasons.map((reason) => h('li', {}, reason)),
    ),
  );
}
