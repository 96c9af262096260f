/// <reference lib="dom" />
import { openAwsClient, type AwsClient } from './aws-client.ts';
import { describeError, h } from './dom.ts';
import type { Page, PageContext } from './page-context.ts';
import { renderCodeSigningConfigs } from './pages/code-signing-configs.ts';
import { renderFunction, renderFunctions } from './pages/functions.ts';
import { renderJobs } from './pages/jobs.ts';
import { renderBuckets, renderObjectsDetail } from './pages/objects.ts';
import { renderProfiles } from './pages/profiles.ts';
import { renderStack, renderStacks } from './pages/stacks.ts';

/** The sections, in the order of the seed's story. */
const SECTIONS: readonly { path: string; title: string; list: Page; detail?: Page }[] = [
  { path: 'profiles', title: 'Signing profiles', list: renderProfiles },
  { path: 'jobs', title: 'Signing jobs', list: renderJobs },
  { path: 'code-signing-configs', title: 'Code signing configurations', list: renderCodeSigningConfigs },
  { path: 'functions', title: 'Functions', list: renderFunctions, detail: renderFunction },
  { path: 'stacks', title: 'Stacks', list: renderStacks, detail: renderStack },
  { path: 'objects', title: 'Objects', list: renderBuckets, detail: renderObjectsDetail },
];

function parseHash(): { path: string[]; params: URLSearchParams } {
  const hash = location.hash.replace(/^#\/?/, '');
  const [route = '', search = ''] = hash.split('?');
  const path = route
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  return { path: path.length ? path : ['profiles'], params: new URLSearchParams(search) };
}

async function show(
  client: AwsClient,
  main: HTMLElement,
  message?: { text: string; tone: 'ok' | 'error' },
): Promise<void> {
  const { path, params } = parseHash();
  const section = SECTIONS.find((s) => s.path === path[0]) ?? SECTIONS[0]!;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === `#/${section.path}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const ctx: PageContext = {
    client,
    path,
    params,
    refresh: (text, tone = 'ok') => show(client, main, { text, tone }),
  };
  main.setAttribute('aria-busy', 'true');
  try {
    const page = await (path.length > 1 && section.detail ? section.detail(ctx) : section.list(ctx));
    main.replaceChildren(page);
    // For measurements: when the first page with the cloud's data was on screen.
    if (performance.getEntriesByName('console:rendered').length === 0) performance.mark('console:rendered');
    document.title = `${section.title} · toolkit console`;
    if (message) {
      const status = main.querySelector<HTMLElement>('#page-status');
      if (status) {
        status.textContent = message.text;
        status.className = `status ${message.tone}`;
      }
    }
  } catch (error) {
    main.replaceChildren(h('p', { role: 'alert', class: 'status error' }, describeError(error)));
  } finally {
    main.removeAttribute('aria-busy');
  }
}

async function start(): Promise<void> {
  const main = document.querySelector<HTMLElement>('main')!;
  const nav = document.querySelector<HTMLElement>('nav ul')!;
  nav.replaceChildren(...SECTIONS.map((s) => h('li', {}, h('a', { href: `#/${s.path}` }, s.title))));
  let client: AwsClient;
  try {
    client = await openAwsClient();
  } catch (error) {
    main.replaceChildren(h('p', { role: 'alert', class: 'status error' }, describeError(error)));
    return;
  }
  document.querySelector('#account')!.textContent = `account ${client.config.accountId} · ${client.config.region}`;
  addEventListener('hashchange', () => void show(client, main));
  await show(client, main);
}

void start();
