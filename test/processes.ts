import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'corridor.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real `corridor` command, as a user would from the project root; `stdin`, when given, is piped
 * to it and closed. Most tests run the command in this process instead (cli-in-process.ts), which is
 * much faster; this one is for what only a process shows.
 */
export function corridor(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Start `corridor serve` in a child process on a free port (or `serveArgs`' --port) and wait until it
 * listens. `args` come before `serve` (the database), `serveArgs` after it.
 */
export function startServerProcess(args: string[], serveArgs: string[] = []): Promise<ServerProcess> {
  const port = serveArgs.includes('--port') ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [BIN, ...args, 'serve', '--no-simulation', ...port, ...serveArgs], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /serving (http:\/\/\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        child,
        // A server that has not stopped 10 s after SIGTERM is killed: no test leaves a process behind.
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
  });
}
