import type { TargetOptions } from '@toolkit/toolkit';
import type { ContextOf } from '../command.ts';
import type { targetOptions } from '../options.ts';

/** The target of a command: `--region`/`--profile` typed on the command line imply AWS unless `--target` says otherwise. */
export function targetFromOptions({
  options,
  explicitFlags,
  environment,
}: ContextOf<typeof targetOptions>): TargetOptions {
  const impliedAws = !explicitFlags.has('target') && (explicitFlags.has('region') || explicitFlags.has('profile'));
  const target = impliedAws ? 'aws' : options.target;
  return {
    target,
    cwd: environment.cwd,
    env: environment.env,
    ...(options['state-dir'] === undefined ? {} : { stateDir: options['state-dir'] }),
    ...(options['endpoint-url'] ? { endpointUrl: options['endpoint-url'] } : {}),
    // The embedded cloud keeps its own region; AWS and any given endpoint take --region (or AWS_REGION).
    ...((target === 'aws' || options['endpoint-url']) && options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
}
