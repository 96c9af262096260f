import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { UserInputError, messages } from '@toolkit/core';

/** Stats a build source, turning a missing path into a UserInputError that names it. */
export async function statSource(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserInputError(messages.BuildSourceNotFound, `Code source ${path} does not exist.`, { cause: error });
    }
    throw error;
  }
}
