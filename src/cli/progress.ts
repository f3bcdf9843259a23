import cliProgress from 'cli-progress';
import type { CliOutput } from './io.js';

/** A progress bar on a terminal, nothing otherwise (so logs and pipes stay clean). */
export function progressBar(
  label: string,
  stream: CliOutput,
): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total}`, stream, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(Math.max(total, done));
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
