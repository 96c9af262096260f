import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConsoleGate, type ConsoleAssets } from './console-gate.ts';
import type { CloudContext, CloudKnobs, PluginFactory, ServicePlugin } from './plugin.ts';
import { pluginFactories } from './plugins/index.ts';
import { createCloudServer } from './server.ts';
import { IdentityStore, migrateIdentities } from './iam/identity-store.ts';
import { RequestAuthenticator } from './iam/request-authentication.ts';
import { migrateAll, openDatabase } from './state/database.ts';
import { FileBlobStore } from './state/file-blob-store.ts';
import { writeCacheDirTag } from './state/cache-dir-tag.ts';
import { defaultStateDir } from './state/default-state-dir.ts';
import { liveGuests } from './state/guest-leases.ts';
import { ensurePrivateDir, stateLayout } from './state/state-dir.ts';
import { acquireStateLock } from './state/state-lock.ts';
import { tightenPermissions } from './state/tighten-permissions.ts';

/** How to start the local cloud. */
export interface StartCloudOptions {
  /** State directory (created 0700); default `defaultStateDir()` of the working directory. */
  stateDir?: string;
  /**
   * How long `close()` waits for clients that joined this cloud from other runs
   * (see `openSharedCloud`) to finish; default 0: stop at once.
   */
  guestWaitMs?: number;
  /** Told once when `close()` has to wait for `count` such clients. */
  onGuestWait?: (count: number) => void;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Default `us-east-1`. */
  region?: string;
  /** Default `000000000000`. */
  accountId?: string;
  knobs?: CloudKnobs;
  /** Plugins to run instead of the built-in list (tests of a single service). */
  plugins?: readonly PluginFactory[];
  /** Sees unexpected plugin failures, which clients get as 500 InternalError. */
  onError?: (error: unknown) => void;
  /** Browser origins allowed to call the cloud (a web console); requests from any other page are refused with 403. */
  allowedOrigins?: readonly string[];
  /**
   * Serves these files as a web console under `/_console/`, reachable only through the
   * per-start URL in `RunningCloud.consoleUrl` (see `@toolkit/console`).
   */
  console?: ConsoleAssets;
  /** The cloud's clock (signing times, expiry checks, timestamps); default the system clock. Tests move time with it. */
  clock?: () => Date;
}

/** An identity's access key, as SDK clients take it in `credentials`. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A running local cloud. */
export interface RunningCloud {
  /** `http://127.0.0.1:<port>`: give it to SDK clients as `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly stateDir: string;
  /** The web console's URL with this start's session token, when `console` was given. */
  readonly consoleUrl?: string;
  /** The access key of an identity of this state folder (`admin`, `developer`, or one created); throws for an unknown name. */
  credentials(identity?: string): AccessKey;
  /** Stops accepting, ends keep-alive sockets, closes plugins, then the database. */
  close(): Promise<void>;
}

/** Starts the embedded AWS cloud on loopback with its state in `stateDir`. */
export async function startCloud(options: StartCloudOptions = {}): Promise<RunningCloud> {
  const stateDir = resolve(options.stateDir ?? defaultStateDir());
  const layout = stateLayout(stateDir);
  await ensurePrivateDir(stateDir);
  // One owner per state folder: everything below assumes no other process writes here.
  const lock = await acquireStateLock(stateDir);
  let db: ReturnType<typeof openDatabase>;
  try {
    await tightenPermissions(stateDir);
    await writeCacheDirTag(layout.cacheTag);
    // Temp files are bodies whose upload never finished: nothing points to them (the lock says no live owner writes them).
    await rm(layout.tmp, { recursive: true, force: true });
    await ensurePrivateDir(layout.tmp);
    await ensurePrivateDir(layout.blobs);
    await ensurePrivateDir(layout.uploads);
    db = openDatabase(layout.db);
  } catch (error) {
    lock.release();
    throw error;
  }
  const plugins = new Map<string, ServicePlugin>();
  for (const factory of options.plugins ?? pluginFactories) {
    const plugin = factory();
    plugins.set(plugin.name, plugin);
  }
  let endpoint = '';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const identities = new IdentityStore(db, accountId);
  const ctx: CloudContext = {
    region,
    accountId,
    stateDir,
    db,
    blobs: new FileBlobStore(layout.blobs, layout.tmp),
    knobs: { ...options.knobs },
    identities,
    endpoint: () => endpoint,
    now: options.clock ?? (() => new Date()),
    plugin<T extends ServicePlugin>(name: string): T {
      const plugin = plugins.get(name);
      if (!plugin) throw new Error(`the local cloud has no '${name}' plugin`);
      return plugin as T;
    },
  };

  let port = 0;
  const gate = options.console
    ? createConsoleGate(
        options.console,
        () => port,
        () => ({
          region: ctx.region,
          accountId: ctx.accountId,
          // The console signs its AWS calls as the admin identity, as the toolkit's own calls do.
          credentials: adminKey(),
        }),
      )
    : undefined;
  const adminKey = () => {
    const admin = identities.byName('admin');
    if (!admin) throw new Error("the local cloud has no identity 'admin'");
    return { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey };
  };
  const server = createCloudServer({
    plugins,
    ctx,
    authenticator: new RequestAuthenticator(identities, region),
    onError: options.onError,
    allowedOrigins: options.allowedOrigins,
    ...(gate ? { console: gate } : {}),
  });
  try {
    migrateAll(db, [
      (d) => migrateIdentities(d, accountId),
      ...[...plugins.values()].map((plugin) => (d: typeof db) => plugin.migrate(d)),
    ]);
    port = await server.listen(options.port ?? 0);
    endpoint = `http://127.0.0.1:${port}`;
    for (const plugin of plugins.values()) await plugin.start?.(ctx);
    await lock.publish({ endpoint, region: ctx.region, accountId: ctx.accountId });
    let closing: Promise<void> | undefined;
    return {
      endpoint,
      port,
      region: ctx.region,
      accountId: ctx.accountId,
      stateDir,
      ...(gate ? { consoleUrl: gate.url(endpoint) } : {}),
      credentials(name = 'admin') {
        const identity = identities.byName(name);
        if (!identity) throw new Error(`the local cloud has no identity '${name}'`);
        return { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey };
      },
      close() {
        closing ??= (async () => {
          try {
            // Published before counting guests: a client joining from now on sees it and waits instead.
            await lock.publish({ closing: true });
            await waitForGuests(stateDir, lock.owner.nonce, options.guestWaitMs ?? 0, options.onGuestWait);
            await server.close();
            for (const plugin of plugins.values()) await plugin.close?.();
            db.close();
          } finally {
            lock.release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await server.close(0).catch(() => {});
    for (const plugin of plugins.values()) await Promise.resolve(plugin.close?.()).catch(() => {});
    db.close();
    lock.release();
    throw error;
  }
}

/** Waits up to `limitMs` for the live guests of the owner `nonce` to leave. */
async function waitForGuests(
  stateDir: string,
  nonce: string,
  limitMs: number,
  onWait?: (count: number) => void,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  let told = false;
  for (
    let count = await liveGuests(stateDir, nonce);
    count > 0 && Date.now() < deadline;
    count = await liveGuests(stateDir, nonce)
  ) {
    if (!told) onWait?.(count);
    told = true;
    await sleep(100);
  }
}
