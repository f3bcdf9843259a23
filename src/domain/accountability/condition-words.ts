// How the conditions' reasons say times and durations (English, UTC: the server's own words).

const MINUTE = 60_000;

/** "2016-12-15 14:32 UTC" */
export function utc(time: string | number): string {
  const iso = typeof time === 'number' ? new Date(time).toISOString() : time;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "20 s", "34 min", "5 h 10 min", "3 d 4 h" */
export function duration(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
