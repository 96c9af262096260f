/// <reference lib="dom" />
import { field, h, statusLine, table, time } from '../dom.ts';
import { action, type PageContext } from '../page-context.ts';

/** A code signing configuration as Lambda answers it. */
export interface CodeSigningConfig {
  CodeSigningConfigArn: string;
  CodeSigningConfigId?: string;
  Description?: string;
  AllowedPublishers?: { SigningProfileVersionArns?: string[] };
  CodeSigningPolicies?: { UntrustedArtifactOnDeployment?: string };
  LastModified?: string;
}

const CSC_ROOT = '/2020-04-22/code-signing-configs';

/** Lambda's code signing configurations: create, edit, delete, and the functions using each. */
export async function renderCodeSigningConfigs(ctx: PageContext): Promise<HTMLElement> {
  const { client, params } = ctx;
  const status = statusLine('page-status');
  const act = (work: () => Promise<string>) => action(ctx, status.show, work);
  const [{ CodeSigningConfigs: configs = [] }, { profiles = [] }] = await Promise.all([
    client.json<{ CodeSigningConfigs?: CodeSigningConfig[] }>('lambda', 'GET', CSC_ROOT),
    client.json<{ profiles?: { profileName: string; profileVersion?: string; profileVersionArn?: string }[] }>(
      'signer',
      'GET',
      '/signing-profiles',
    ),
  ]);
  const users = await Promise.all(
    configs.map((c) =>
      client
        .json<{ FunctionArns?: string[] }>(
          'lambda',
          'GET',
          `${CSC_ROOT}/${encodeURIComponent(c.CodeSigningConfigArn)}/functions`,
        )
        .then((answer) => answer.FunctionArns ?? []),
    ),
  );
  const editing = configs.find((c) => c.CodeSigningConfigArn === params.get('edit'));
  const chosen = new Set(editing?.AllowedPublishers?.SigningProfileVersionArns ?? []);
  const known = new Set(profiles.map((p) => p.profileVersionArn));

  const publishers = h(
    'select',
    { id: 'csc-publishers', multiple: true, size: Math.min(6, Math.max(2, profiles.length)) },
    profiles.map((p) =>
      h(
        'option',
        { value: p.profileVersionArn ?? '', selected: chosen.has(p.profileVersionArn ?? '') },
        `${p.profileName} (version ${p.profileVersion ?? ''})`,
      ),
    ),
  );
  const pasted = h(
    'textarea',
    { id: 'csc-arns', rows: 2, cols: 60 },
    [...chosen].filter((arn) => !known.has(arn)).join('\n'),
  );
  const policy = h(
    'select',
    { id: 'csc-policy' },
    ['Warn', 'Enforce'].map((p) =>
      h('option', { value: p, selected: editing?.CodeSigningPolicies?.UntrustedArtifactOnDeployment === p }, p),
    ),
  );
  const description = h('input', { id: 'csc-description', value: editing?.Description ?? '', autocomplete: 'off' });
  const form = h(
    'form',
    {
      'aria-labelledby': 'csc-form-title',
      onsubmit: act(async () => {
        const arns = [...publishers.selectedOptions]
          .map((o) => o.value)
          .concat(pasted.value.split(/\s+/).filter(Boolean));
        const body = {
          Description: description.value,
          AllowedPublishers: { SigningProfileVersionArns: arns },
          CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy.value },
        };
        if (editing) {
          await client.json('lambda', 'PUT', `${CSC_ROOT}/${encodeURIComponent(editing.CodeSigningConfigArn)}`, body);
          location.hash = '#/code-signing-configs';
          return `Updated ${editing.CodeSigningConfigArn}.`;
        }
        const answer = await client.json<{ CodeSigningConfig?: CodeSigningConfig }>('lambda', 'POST', CSC_ROOT, body);
        return `Created ${answer.CodeSigningConfig?.CodeSigningConfigArn ?? ''} (${policy.value}).`;
      }),
    },
    h(
      'h3',
      { id: 'csc-form-title' },
      editing ? `Edit ${editing.CodeSigningConfigId ?? ''}` : 'Create a code signing configuration',
    ),
    field('Allowed publishers: this account’s signing profiles', publishers, 'Ctrl/Cmd-click to choose several'),
    field('Other signing profile version ARNs (one per line)', pasted),
    field('Untrusted artifact on deployment', policy),
    field('Description', description),
    h('button', { type: 'submit' }, editing ? 'Save configuration' : 'Create configuration'),
  );

  const rows = configs.map((c, index) => [
    c.CodeSigningConfigArn,
    c.Description ?? '',
    c.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? '',
    h(
      'ul',
      {},
      (c.AllowedPublishers?.SigningProfileVersionArns ?? []).map((arn) => h('li', {}, arn)),
    ),
    h(
      'ul',
      {},
      (users[index] ?? []).map((arn) => h('li', {}, arn)),
    ),
    time(c.LastModified),
    h(
      'div',
      { class: 'actions' },
      h(
        'a',
        { href: `#/code-signing-configs?edit=${encodeURIComponent(c.CodeSigningConfigArn)}` },
        `Edit ${c.CodeSigningConfigId ?? ''}`,
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: act(async () => {
            await client.json('lambda', 'DELETE', `${CSC_ROOT}/${encodeURIComponent(c.CodeSigningConfigArn)}`);
            return `Deleted ${c.CodeSigningConfigArn}.`;
          }),
        },
        `Delete ${c.CodeSigningConfigId ?? ''}`,
      ),
    ),
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'csc-title' },
    h('h2', { id: 'csc-title' }, 'Code signing configurations'),
    status.element,
    table(
      'Code signing configurations',
      ['ARN', 'Description', 'Policy', 'Allowed publishers', 'Used by', 'Last modified', 'Actions'],
      rows,
    ),
    form,
  );
}
