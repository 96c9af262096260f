import type { TargetOptions } from '../actions/aws-session.ts';
import type { CommandContext } from '../command.ts';

/** The target of a command: `--region`/`--profile` typed on the command line imply AWS unless `--target` says otherwise. */
export function targetFromOptions({ options, explicitFlags, environment }: CommandContext): TargetOptions {
  const impliedAws = !explicitFlags.has('target') && (explicitFlags.has('region') || explicitFlags.has('profile'));
  const target = impliedAws ? 'aws' : (options.target as 'local' | 'aws');
  return {
    target,
    cwd: environment.cwd,
    env: environment.env,
    ...(options['state-dir'] === undefined ? {} : { stateDir: options['state-dir'] as string }),
    ...(options['endpoint-url'] ? { endpointUrl: options['endpoint-url'] as string } : {}),
    // The embedded cloud keeps its own region; AWS and any given endpoint take --region (or AWS_REGION).
    ...((target === 'aws' || options['endpoint-url']) && options.region ? { region: options.region as string } : {}),
    ...(options.profile ? { profile: options.profile as string } : {}),
  };
}
