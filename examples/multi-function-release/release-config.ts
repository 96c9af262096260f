import { readFile } from 'node:fs/promises';
import { parse } from 'smol-toml';

/** What `[default.deploy.parameters]` of samconfig.toml says about this release. */
export interface DeployConfig {
  stackName: string;
  capabilities: string[];
  parameterOverrides: Record<string, string>;
  /** SAM CLI's `--signing-profiles` text: `Id=Profile …`, ids path-qualified for nested stacks. */
  signingProfiles: string;
}

/** Reads the deploy section of a samconfig.toml, the same file `toolkit deploy` reads in this folder. */
export async function readDeployConfig(file: string, environment = 'default'): Promise<DeployConfig> {
  const document = parse(await readFile(file, 'utf8')) as Record<
    string,
    Record<string, Record<string, Record<string, unknown>>>
  >;
  const parameters = document[environment]?.deploy?.parameters;
  if (!parameters) throw new Error(`${file}: no [${environment}.deploy.parameters] section`);
  const text = (key: string): string => {
    const value = parameters[key];
    if (typeof value !== 'string' || value.trim() === '')
      throw new Error(`${file}: [${environment}.deploy.parameters] needs ${key}`);
    return value.trim();
  };
  return {
    stackName: text('stack_name'),
    capabilities: text('capabilities').split(/\s+/),
    parameterOverrides: Object.fromEntries(
      (typeof parameters.parameter_overrides === 'string' ? parameters.parameter_overrides.split(/\s+/) : [])
        .filter(Boolean)
        .map((pair) => pair.split('=', 2) as [string, string]),
    ),
    signingProfiles: text('signing_profiles'),
  };
}
