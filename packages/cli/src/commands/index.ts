import type { CommandDefinition } from '../command.ts';
import { buildCommand } from './build.ts';

/** Every command of the CLI, in help order. */
export const commands: readonly CommandDefinition[] = [buildCommand];
