import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';

/** What the numbers were measured on. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  kernel: string;
  node: string;
  awsCli: string;
  infoZip: string;
}

/** Reads the machine's cores (as `nproc` counts them), memory and tool versions. */
export function machineInfo(awsCli: string): MachineInfo {
  const line = (command: string, args: string[], pattern = /\S/) => {
    const run = spawnSync(command, args, { encoding: 'utf8' });
    return (
      `${run.stdout ?? ''}${run.stderr ?? ''}`
        .split('\n')
        .find((l) => pattern.test(l))
        ?.trim() ?? 'unavailable'
    );
  };
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: `Linux ${release()}`,
    node: process.version,
    awsCli: line(awsCli, ['--version']),
    infoZip: line('zip', ['-v'], /This is Zip/).replace(/^This is /, ''),
  };
}
