/**
 * Number, time and text formatting for the UI. Pure (no DOM), so the unit tests import it.
 */

/** What a missing figure shows as. */
export const MISSING = '—';

/** A figure with a fixed number of decimals, or the missing mark for null/NaN. */
export function fixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  return value.toFixed(decimals);
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators (1,234,567), or the missing mark. */
export function count(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  return INTEGER.format(value);
}

/** Seconds as m:ss or h:mm:ss (negative values and NaN as the missing mark). */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return MISSING;
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 time with up to nanoseconds (the report's times carry microseconds) as seconds since
 * the epoch, keeping the sub-millisecond digits Date.parse would drop; null when unparseable.
 */
export function isoToSeconds(iso: string | null | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const match = ISO.exec(iso);
  if (match === null) return null;
  const whole = Date.parse(`${match[1]}${match[3] ?? 'Z'}`);
  if (Number.isNaN(whole)) return null;
  const fraction = match[2] === undefined ? 0 : Number(`0.${match[2]}`);
  return whole / 1000 + fraction;
}

/** Bytes as B / KiB / MiB / GiB with one decimal. */
export function bytes(value: number): string {
  if (!Number.isFinite(value) || value < 0) return MISSING;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${v} B` : `${v.toFixed(1)} ${units[unit]}`;
}
