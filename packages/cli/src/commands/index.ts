import type { CommandDefinition } from '../command.ts';
import { buildCommand } from './build.ts';
import { deleteCommand } from './delete.ts';
import { deployCommand } from './deploy.ts';
import { localCredentialsCommand } from './local-credentials.ts';
import { localIdentityCreateCommand } from './local-identity-create.ts';
import { localProfileCreateCommand } from './local-profile-create.ts';
import { localMetricsCommand } from './local-metrics.ts';
import { localStartCommand } from './local-start.ts';
import { localInvokeCommand } from './local-invoke.ts';
import { localGenerateEventCommand } from './local-generate-event.ts';
import { logsCommand } from './logs.ts';
import { localTrustExportCommand } from './local-trust-export.ts';
import { packageCommand } from './package.ts';
import { verifyCommand } from './verify.ts';

/** Every command of the CLI, in help order. */
export const commands: readonly CommandDefinition[] = [
  buildCommand,
  packageCommand,
  deployCommand,
  deleteCommand,
  verifyCommand,
  logsCommand,
  localStartCommand,
  localInvokeCommand,
  localGenerateEventCommand,
  localProfileCreateCommand,
  localTrustExportCommand,
  localMetricsCommand,
  localIdentityCreateCommand,
  localCredentialsCommand,
];
