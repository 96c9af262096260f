import type { CloudContext } from '../../plugin.ts';
import { JobStore } from './job-store.ts';
import { ProfileKeyStore } from './profile-key-store.ts';
import { ProfileStore } from './profile-store.ts';
import { ProfilePermissionStore } from './profile-permission-store.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { SignerObjects } from './signer-objects.ts';
import { SigningJobRunner } from './signing-job-runner.ts';
import { TagStore } from './tag-store.ts';

/** Everything one Signer plugin instance works with. */
export interface SignerState {
  ctx: CloudContext;
  profiles: ProfileStore;
  /** Profile owners and the permissions they granted (AddProfilePermission). */
  permissions: ProfilePermissionStore;
  jobs: JobStore;
  tags: TagStore;
  keys: ProfileKeyStore;
  runner: SigningJobRunner;
  startLimiter: RateLimiter;
}

/** Builds a plugin instance's state over the cloud's database and state directory. */
export function createSignerState(ctx: CloudContext, objects: SignerObjects): SignerState {
  const profiles = new ProfileStore(ctx.db);
  const jobs = new JobStore(ctx.db);
  const keys = new ProfileKeyStore(ctx.stateDir);
  return {
    ctx,
    profiles,
    permissions: new ProfilePermissionStore(ctx.db),
    jobs,
    tags: new TagStore(ctx.db),
    keys,
    runner: new SigningJobRunner({ ctx, jobs, profiles, keys, objects }),
    startLimiter: new RateLimiter(() => ctx.knobs.startSigningJobRateLimit),
  };
}
