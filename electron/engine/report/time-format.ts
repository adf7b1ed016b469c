/** Formatting of capture times and identifiers for reports. */

const NS_PER_US = 1000;
const MS_PER_S = 1000;

/** ISO 8601 UTC with microseconds, e.g. `2005-06-06T09:12:58.508310Z`, from seconds + nanoseconds. */
export function isoMicros(seconds: number, nanoseconds: number): string {
  const micros = Math.floor(nanoseconds / NS_PER_US);
  const date = new Date(seconds * MS_PER_S);
  if (Number.isNaN(date.getTime())) return 'invalid-time';
  const whole = date.toISOString(); // yyyy-mm-ddThh:mm:ss.000Z
  return `${whole.slice(0, -5)}.${String(micros).padStart(6, '0')}Z`;
}

/** An SSRC as `0x` and 8 upper-case hex digits. */
export function formatSsrc(ssrc: number): string {
  return `0x${(ssrc >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
