import { spawn } from 'node:child_process';
import { OperationError, UserInputError, messages } from '@toolkit/core';

/** One external command of a build (`npm ci`, `pip install`, `make`). */
export interface ToolCommand {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Who needs it and why, for errors: `Function HelloFn (src/package.json)`. */
  subject: string;
}

/** How many of the command's last output lines an error quotes. */
const TAIL_LINES = 15;
/** Output kept in memory while the command runs: enough for the tail, bounded however much it prints. */
const TAIL_BYTES = 16 * 1024;

/**
 * Runs a build command to completion and returns its output's last lines. A command not
 * on PATH is a `UserInputError` (`BUILD_TOOL_MISSING`, the machine lacks what the template
 * asks for); a non-zero exit is an `OperationError` (`BUILD_COMMAND_FAILED`) quoting the
 * command's last lines.
 */
export function runTool(tool: ToolCommand): Promise<string> {
  const shown = [tool.command, ...tool.args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(tool.command, tool.args, { cwd: tool.cwd, env: tool.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(
          new UserInputError(
            messages.BuildToolMissing,
            `${tool.subject}: \`${shown}\` cannot run: ${tool.command} is not installed or not on PATH.`,
          ),
        );
      else
        reject(
          new OperationError(messages.BuildCommandFailed, `${tool.subject}: \`${shown}\` failed: ${error.message}`),
        );
    });
    child.on('close', (code, signal) => {
      const last = lastLines(tail);
      if (code === 0) return resolve(last);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(
        new OperationError(
          messages.BuildCommandFailed,
          `${tool.subject}: \`${shown}\` ${how}${last ? `; its last lines:\n${indent(last)}` : ' and printed nothing.'}`,
        ),
      );
    });
  });
}

/** The first line a tool prints for `--version`, trimmed; used in dependency cache keys. */
export async function toolVersion(command: string, args: readonly string[], env: NodeJS.ProcessEnv, subject: string) {
  const out = await runTool({ command, args, cwd: process.cwd(), env, subject });
  return out.split('\n')[0]?.trim() ?? '';
}

function lastLines(text: string): string {
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  return lines.slice(-TAIL_LINES).join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
