// Runs one of the project's CLIs (`src/cli/*.ts`) as a real child process, as `npm run` does; never throws.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(script: string, args: string[], input?: string): Promise<CliResult> {
  try {
    const child = run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
    child.child.stdin?.end(input ?? '');
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
