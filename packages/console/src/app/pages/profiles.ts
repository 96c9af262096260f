/// <reference lib="dom" />
import { field, h, statusLine, table } from '../dom.ts';
import { action, type PageContext } from '../page-context.ts';

interface Profile {
  profileName: string;
  profileVersion?: string;
  profileVersionArn?: string;
  platformId?: string;
  status?: string;
  signatureValidityPeriod?: { value?: number; type?: string };
}

/** Signer's signing profiles: list with status and validity, create, cancel, revoke a version. */
export async function renderProfiles(ctx: PageContext): Promise<HTMLElement> {
  const { client } = ctx;
  const status = statusLine('page-status');
  const [{ profiles = [] }, { platforms = [] }] = await Promise.all([
    client.json<{ profiles?: Profile[] }>(
      'signer',
      'GET',
      '/signing-profiles',
      undefined,
      new URLSearchParams({ includeCanceled: 'true' }),
    ),
    client.json<{ platforms?: { platformId: string; displayName?: string }[] }>('signer', 'GET', '/signing-platforms'),
  ]);
  const act = (work: () => Promise<string>) => action(ctx, status.show, work);

  const name = h('input', {
    id: 'profile-name',
    name: 'profileName',
    required: true,
    pattern: '[a-zA-Z0-9_]{2,64}',
    autocomplete: 'off',
  });
  const platform = h(
    'select',
    { id: 'profile-platform' },
    platforms.map((p) => h('option', { value: p.platformId }, p.platformId)),
  );
  const validity = h('input', { id: 'profile-validity', type: 'number', min: 1, value: 135, required: true });
  const unit = h(
    'select',
    { id: 'profile-validity-unit' },
    ['MONTHS', 'DAYS', 'YEARS'].map((t) => h('option', { value: t }, t)),
  );
  const create = h(
    'form',
    {
      'aria-labelledby': 'create-profile-title',
      onsubmit: act(async () => {
        const answer = await client.json<{ profileVersionArn?: string }>(
          'signer',
          'PUT',
          `/signing-profiles/${encodeURIComponent(name.value)}`,
          {
            platformId: platform.value,
            signatureValidityPeriod: { value: Number(validity.value), type: unit.value },
          },
        );
        return `Created ${name.value}: ${answer.profileVersionArn ?? ''}`;
      }),
    },
    h('h3', { id: 'create-profile-title' }, 'Create a signing profile'),
    field('Profile name', name, '2–64 letters, digits or underscores'),
    field('Platform', platform),
    field('Signature validity', validity, 'Signer allows 1 day to 135 months'),
    field('Validity unit', unit),
    h('button', { type: 'submit' }, 'Create profile'),
  );

  const rows = profiles.map((p) => {
    const active = p.status === 'Active';
    const effective = h('input', {
      type: 'datetime-local',
      id: `revoke-at-${p.profileName}`,
      'aria-label': `Revocation effective time for ${p.profileName}`,
    });
    return [
      h('a', { href: `#/jobs?profile=${encodeURIComponent(p.profileName)}` }, p.profileName),
      p.profileVersion ?? '',
      p.platformId ?? '',
      p.status ?? '',
      `${p.signatureValidityPeriod?.value ?? ''} ${p.signatureValidityPeriod?.type ?? ''}`,
      active
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                onclick: act(async () => {
                  await client.json('signer', 'DELETE', `/signing-profiles/${encodeURIComponent(p.profileName)}`);
                  return `Canceled ${p.profileName}.`;
                }),
              },
              `Cancel ${p.profileName}`,
            ),
            effective,
            h(
              'button',
              {
                type: 'button',
                onclick: act(async () => {
                  const at = effective.value ? new Date(effective.value) : new Date();
                  await client.json('signer', 'PUT', `/signing-profiles/${encodeURIComponent(p.profileName)}/revoke`, {
                    profileVersion: p.profileVersion,
                    reason: 'Revoked from the console',
                    effectiveTime: Math.floor(at.getTime() / 1000),
                  });
                  return `Revoked ${p.profileName} version ${p.profileVersion ?? ''} from ${at.toLocaleString()}.`;
                }),
              },
              `Revoke version ${p.profileVersion ?? ''}`,
            ),
          )
        : '',
    ];
  });
  return h(
    'section',
    { 'aria-labelledby': 'profiles-title' },
    h('h2', { id: 'profiles-title' }, 'Signing profiles'),
    status.element,
    table(
      'Signing profiles of this account (canceled ones included)',
      ['Name', 'Version', 'Platform', 'Status', 'Validity', 'Actions'],
      rows,
    ),
    create,
  );
}
