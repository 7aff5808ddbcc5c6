// Where the world is: five US regions, their cities, and local time in their time zones
// (standard offsets plus the US daylight-saving rule, computed without the host's time zone data).

export const REGIONS = ['Northeast', 'Southeast', 'Midwest', 'South', 'West'] as const;
export type Region = (typeof REGIONS)[number];

export interface City {
  name: string;
  region: Region;
  lat: number;
  lon: number;
  timezone: string;
}

/** In the order stores open: the first stores already span every region. */
export const CITIES: readonly City[] = [
  { name: 'New York', region: 'Northeast', lat: 40.7128, lon: -74.006, timezone: 'America/New_York' },
  { name: 'Los Angeles', region: 'West', lat: 34.0522, lon: -118.2437, timezone: 'America/Los_Angeles' },
  { name: 'Chicago', region: 'Midwest', lat: 41.8781, lon: -87.6298, timezone: 'America/Chicago' },
  { name: 'Dallas', region: 'South', lat: 32.7767, lon: -96.797, timezone: 'America/Chicago' },
  { name: 'Atlanta', region: 'Southeast', lat: 33.749, lon: -84.388, timezone: 'America/New_York' },
  { name: 'San Francisco', region: 'West', lat: 37.7749, lon: -122.4194, timezone: 'America/Los_Angeles' },
  { name: 'Boston', region: 'Northeast', lat: 42.3601, lon: -71.0589, timezone: 'America/New_York' },
  { name: 'Houston', region: 'South', lat: 29.7604, lon: -95.3698, timezone: 'America/Chicago' },
  { name: 'Miami', region: 'Southeast', lat: 25.7617, lon: -80.1918, timezone: 'America/New_York' },
  { name: 'Seattle', region: 'West', lat: 47.6062, lon: -122.3321, timezone: 'America/Los_Angeles' },
  { name: 'Philadelphia', region: 'Northeast', lat: 39.9526, lon: -75.1652, timezone: 'America/New_York' },
  { name: 'Minneapolis', region: 'Midwest', lat: 44.9778, lon: -93.265, timezone: 'America/Chicago' },
  { name: 'Austin', region: 'South', lat: 30.2672, lon: -97.7431, timezone: 'America/Chicago' },
  { name: 'Charlotte', region: 'Southeast', lat: 35.2271, lon: -80.8431, timezone: 'America/New_York' },
  { name: 'Denver', region: 'West', lat: 39.7392, lon: -104.9903, timezone: 'America/Denver' },
  { name: 'Detroit', region: 'Midwest', lat: 42.3314, lon: -83.0458, timezone: 'America/Detroit' },
  { name: 'Phoenix', region: 'West', lat: 33.4484, lon: -112.074, timezone: 'America/Phoenix' },
];

const STANDARD_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  'America/New_York': -300,
  'America/Detroit': -300,
  'America/Chicago': -360,
  'America/Denver': -420,
  'America/Phoenix': -420,
  'America/Los_Angeles': -480,
};
const NO_DAYLIGHT_SAVING = new Set(['America/Phoenix']);

const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** UTC instant of the n-th (1-based) Sunday of a month at 00:00 UTC. */
function nthSunday(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const weekday = new Date(first).getUTCDay();
  return first + (((7 - weekday) % 7) + 7 * (n - 1)) * DAY;
}

/** Daylight-saving period per time zone and year (UTC instants). */
const daylightSaving = new Map<string, Map<number, readonly [start: number, end: number]>>();

/** Offset of local time from UTC, in minutes, at a UTC instant (US rules since 2007). */
export function utcOffsetMinutes(timezone: string, utcMs: number): number {
  const standard = STANDARD_OFFSET_MINUTES[timezone];
  if (standard === undefined) throw new Error(`Unknown time zone: ${timezone}`);
  if (NO_DAYLIGHT_SAVING.has(timezone)) return standard;
  // The year from an average year length can be off by a day around New Year, when no US zone
  // observes daylight saving time in either year: the answer is the same.
  const year = 1970 + Math.floor(utcMs / 31_556_952_000);
  let years = daylightSaving.get(timezone);
  if (!years) daylightSaving.set(timezone, (years = new Map()));
  let period = years.get(year);
  if (!period) {
    // Starts 2:00 local standard time on the second Sunday of March, ends 2:00 local daylight
    // time (1:00 standard) on the first Sunday of November.
    period = [nthSunday(year, 2, 2) + 2 * HOUR - standard * 60_000, nthSunday(year, 10, 1) + 1 * HOUR - standard * 60_000];
    years.set(year, period);
  }
  return utcMs >= period[0] && utcMs < period[1] ? standard + 60 : standard;
}

export interface LocalTime {
  hour: number;
  /** 0 = Sunday, as Date#getDay. */
  weekday: number;
}

const mod = (x: number, n: number) => ((x % n) + n) % n;

export function localTimeOf(timezone: string, utcMs: number): LocalTime {
  const local = utcMs + utcOffsetMinutes(timezone, utcMs) * 60_000;
  // 1970-01-01 was a Thursday (4).
  return { hour: mod(Math.floor(local / HOUR), 24), weekday: mod(Math.floor(local / DAY) + 4, 7) };
}

/** The UTC instant at which a wall-clock time (local date given as a UTC midnight) happens. */
export function utcFromLocal(timezone: string, localMidnightAsUtc: number, hour: number, minute: number, second: number): number {
  const wall = localMidnightAsUtc + hour * HOUR + minute * 60_000 + second * 1000;
  const guess = wall - (STANDARD_OFFSET_MINUTES[timezone] ?? 0) * 60_000;
  return wall - utcOffsetMinutes(timezone, guess) * 60_000;
}
