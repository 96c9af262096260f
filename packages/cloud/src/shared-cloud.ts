import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationError, silentIoHost, type IoHost, messages } from '@toolkit/core';
import { startCloud, type StartCloudOptions } from './start-cloud.ts';
import { processAlive, takeGuestLease } from './state/guest-leases.ts';
import { describeOwner, readStateOwner, StateDirInUseError } from './state/state-lock.ts';

/** How to open the local cloud of a state folder for one run of a command. */
export interface OpenSharedCloudOptions extends StartCloudOptions {
  stateDir: string;
  /** How long to wait for a busy state folder to become usable; default 120 s. */
  waitMs?: number;
}

/** A local cloud a run uses: started by it, or joined (another process owns it). */
export interface SharedCloud {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateDir: string;
  /** `started`: this run owns the cloud; `joined`: the cloud of PID `ownerPid` serves it. */
  readonly mode: 'started' | 'joined';
  readonly ownerPid: number;
  close(): Promise<void>;
}

/** How long an owner that stops waits for runs that joined it. */
const GUEST_WAIT_MS = 10 * 60_000;

/**
 * Opens the local cloud of `stateDir` for one run: starts it in-process when the folder
 * is free; joins the cloud that owns it (a `toolkit local start`, or another run's
 * in-process cloud) when one serves an endpoint; otherwise waits, bounded, saying so.
 */
export async function openSharedCloud(
  options: OpenSharedCloudOptions,
  io: IoHost = silentIoHost,
): Promise<SharedCloud> {
  const stateDir = resolve(options.stateDir);
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  let announced = false;
  for (;;) {
    try {
      const cloud = await startCloud({
        guestWaitMs: GUEST_WAIT_MS,
        onGuestWait: (count) =>
          io.notify(
            messages.LocalCloudGuestsWaited.msg(
              `Waiting for ${count} other run(s) using this local cloud to finish before stopping it…`,
            ),
          ),
        ...options,
        stateDir,
      });
      return { ...pick(cloud), mode: 'started', ownerPid: process.pid, close: () => cloud.close() };
    } catch (error) {
      if (!(error instanceof StateDirInUseError)) throw error;
    }
    const owner = readStateOwner(stateDir);
    if (owner?.endpoint && !owner.closing && processAlive(owner.pid)) {
      const lease = await takeGuestLease(stateDir, owner);
      // Read again after the lease exists: an owner that had begun to stop is left alone.
      const again = readStateOwner(stateDir);
      if (again?.nonce === owner.nonce && !again.closing) {
        io.notify(
          messages.LocalCloudJoined.msg(
            `Using the local cloud of PID ${owner.pid} at ${owner.endpoint}: it owns the state folder ${stateDir}`,
          ),
        );
        return {
          endpoint: owner.endpoint,
          region: owner.region ?? options.region ?? 'us-east-1',
          accountId: owner.accountId ?? options.accountId ?? '000000000000',
          stateDir,
          mode: 'joined',
          ownerPid: owner.pid,
          close: () => lease.release(),
        };
      }
      await lease.release();
    }
    if (Date.now() >= deadline) {
      throw new OperationError(
        messages.StateDirBusy,
        `gave up waiting for the local cloud state folder ${stateDir}: it is still held by ${describeOwner(owner)}`,
      );
    }
    if (!announced) {
      announced = true;
      io.notify(
        messages.LocalCloudWaiting.msg(
          `Waiting for ${describeOwner(owner)}, which holds the local cloud state folder ${stateDir}…`,
        ),
      );
    }
    await sleep(100);
  }
}

function pick(cloud: { endpoint: string; region: string; accountId: string; stateDir: string }) {
  return { endpoint: cloud.endpoint, region: cloud.region, accountId: cloud.accountId, stateDir: cloud.stateDir };
}
