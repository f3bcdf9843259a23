import { Readable, Writable } from 'node:stream';
import { inspect } from 'node:util';
import { runCli } from '../src/cli/main.js';
import { BIN, ROOT, type CliResult } from './processes.js';

/** Standard output or standard error of one run, kept whole (not a terminal, so no progress bars). */
class Capture extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Run the `corridor` command in this process, as bin/corridor.js would from the project root, with the
 * environment the process helper gives (this process's, NO_COLOR, then `env`; process.env is never
 * changed) and `stdin` as its standard input. Same exit code, standard output and standard error as
 * the process, except for an error the CLI does not handle: the process prints it with Node's own
 * layout; here it is util.inspect's, with exit code 1 all the same. `serve` is stopped once it
 * listens.
 */
export async function corridor(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<CliResult> {
  // Relative paths (test fixtures, ./data) are the project root's, as for the process.
  if (process.cwd() !== ROOT) throw new Error(`the CLI runs in-process from ${ROOT}, not ${process.cwd()}`);
  const stdout = new Capture();
  const stderr = new Capture();
  const stops: (() => Promise<void>)[] = [];
  let code: number;
  try {
    code = await runCli([process.execPath, BIN, ...args], {
      stdout,
      stderr,
      stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
      env: { ...process.env, NO_COLOR: '1', ...env },
      onShutdown: (stop) => stops.push(stop),
    });
  } catch (error) {
    stderr.write(`${inspect(error)}\n`);
    code = 1;
  } finally {
    for (const stop of stops) await stop();
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
