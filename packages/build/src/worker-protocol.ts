import { OperationError, ToolkitError, UserInputError } from '@toolkit/core';
import type { WalkedFile } from './directory-walk.ts';
import type { ZipOptions, ZipResult } from './zip-files.ts';

/** What a build worker is asked to do: zip `files` into the new file `path`. */
export interface WorkerTask {
  id: number;
  files: readonly WalkedFile[];
  path: string;
  options: ZipOptions;
  /** Flushed to disk before the reply (a zip the cache keeps), or not (a temp zip this build reads back). */
  durable: boolean;
}

/** An error as it crosses the thread boundary: the toolkit's errors keep their class and code. */
export interface SerialisedError {
  message: string;
  code?: ToolkitError['code'];
  source?: ToolkitError['source'];
  errno?: string;
}

export type WorkerReply = { id: number; summary: ZipResult } | { id: number; error: SerialisedError };

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof ToolkitError) return { message: error.message, code: error.code, source: error.source };
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof errno === 'string' ? { errno } : {}),
  };
}

export function reviveError(error: SerialisedError): Error {
  if (error.code === undefined)
    return Object.assign(new Error(error.message), error.errno === undefined ? {} : { code: error.errno });
  // The worker threw a ToolkitError: its code was a registered one there, so it is here.
  const kind = { code: error.code, source: error.source ?? 'toolkit' };
  return kind.source === 'user' ? new UserInputError(kind, error.message) : new OperationError(kind, error.message);
}
