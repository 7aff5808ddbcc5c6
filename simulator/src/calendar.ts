// When shoppers show up: a day in the history window (weekly rhythm per channel times a seasonal
// curve peaking at Black Friday and Christmas), then a local hour from the channel's daily curve.
import { DAY, utcFromLocal } from './geography.ts';
import { WeightedSampler, type Random } from './random.ts';
import { CHANNELS, type Channel } from './rows.ts';

const HOUR_CURVES: Record<Channel, readonly number[]> = {
  WEB: [1, 0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2, 2.2, 2.3, 2.5, 2.8, 2.6, 2.4, 2.4, 2.6, 3, 3.5, 4, 4.3, 4, 3, 2],
  APP: [1.5, 0.8, 0.4, 0.2, 0.2, 0.4, 1.2, 2.5, 3, 2.5, 2.3, 2.6, 3.5, 3, 2.5, 2.5, 2.8, 3.2, 3.8, 4.2, 4.5, 4.2, 3.5, 2.5],
  STORE: [0, 0, 0, 0, 0, 0, 0, 0.3, 1.2, 2, 2.6, 3, 3.4, 3.2, 2.9, 2.9, 3.2, 3.6, 3.8, 3.2, 2.2, 1, 0, 0],
  EMAIL: [0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 1.5, 3, 3.5, 2.8, 2.2, 2, 2.2, 2, 1.8, 1.6, 1.6, 1.8, 2, 2.4, 2.6, 2.2, 1.5, 0.8],
  SOCIAL: [2, 1.2, 0.6, 0.3, 0.2, 0.3, 0.8, 1.5, 1.8, 1.8, 1.8, 2, 2.8, 2.4, 2, 2, 2.2, 2.6, 3, 3.6, 4.2, 4.4, 3.8, 3],
  CALL_CENTRE: [0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 3.2, 3, 2.5, 2.8, 3, 2.8, 2.5, 2, 1, 0, 0, 0, 0, 0],
};

/** Sunday first. */
const WEEKDAY_FACTORS: Record<Channel, readonly number[]> = {
  WEB: [1.15, 1.05, 0.95, 0.95, 0.95, 0.9, 1.0],
  APP: [1.2, 1.0, 0.95, 0.95, 0.95, 0.95, 1.1],
  STORE: [1.3, 0.8, 0.8, 0.85, 0.95, 1.1, 1.45],
  EMAIL: [0.9, 1.15, 1.1, 1.05, 1.0, 0.9, 0.85],
  SOCIAL: [1.2, 0.95, 0.95, 0.95, 1.0, 1.05, 1.2],
  CALL_CENTRE: [0.2, 1.15, 1.1, 1.1, 1.1, 1.05, 0.5],
};

/** Whether stores are open at this local hour (their hour curve is above zero). */
export const isStoreHour = (hour: number): boolean => (HOUR_CURVES.STORE[hour] ?? 0) > 0;

function bump(dayOfYear: number, centre: number, width: number): number {
  const delta = Math.min(Math.abs(dayOfYear - centre), 365 - Math.abs(dayOfYear - centre));
  return Math.exp(-((delta / width) ** 2));
}

/** Relative shopping volume on a day of the year (1 = ordinary). */
export function seasonalFactor(dayOfYear: number): number {
  return 1 + 0.5 * bump(dayOfYear, 333, 10) + 0.3 * bump(dayOfYear, 356, 8) + 0.1 * bump(dayOfYear, 190, 30) - 0.15 * bump(dayOfYear, 30, 25);
}

export class Calendar {
  readonly windowStart: number;
  readonly nowMs: number;
  /** UTC midnight of each day's calendar date (used as the local date), oldest first. */
  private readonly dates: number[] = [];
  /** Per channel: the relative shopping volume of each day (season × weekday), what the day draws follow. */
  private readonly dayWeights: number[][];
  private readonly daySamplers: WeightedSampler[];
  private readonly hourSamplers: WeightedSampler[];

  constructor(now: Date, readonly days: number) {
    this.nowMs = now.getTime();
    this.windowStart = this.nowMs - days * DAY;
    for (let k = 0; k < days; k++) {
      const t = this.nowMs - (days - 1 - k) * DAY;
      this.dates.push(t - (t % DAY));
    }
    const seasonal = this.dates.map((d) => {
      const date = new Date(d);
      return seasonalFactor(Math.floor((d - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY) + 1);
    });
    this.dayWeights = CHANNELS.map((c) => this.dates.map((d, k) => seasonal[k]! * WEEKDAY_FACTORS[c][new Date(d).getUTCDay()]!));
    this.daySamplers = this.dayWeights.map((weights) => new WeightedSampler(weights));
    this.hourSamplers = CHANNELS.map((c) => new WeightedSampler(HOUR_CURVES[c]));
  }

  /** UTC midnight of each day of the window (its calendar date), oldest first; the last is today. */
  get dayStarts(): readonly number[] {
    return this.dates;
  }

  /** A fresh copy of the relative volume of each day of the window on a channel (1 = an ordinary weekday), oldest first. */
  dayVolume(channel: number): Float64Array {
    return Float64Array.from(this.dayWeights[channel]!);
  }

  /**
   * A session start in (max(windowStart, notBefore), now - 1 h] following the channel's weekly and
   * daily rhythm in the customer's time zone.
   */
  sessionStart(random: Random, channel: number, timezone: string, notBefore: number): number {
    const earliest = Math.max(this.windowStart, notBefore);
    const latest = this.nowMs - 3_600_000;
    const sampler = this.daySamplers[channel]!;
    const firstDay = Math.max(0, Math.floor((earliest - this.dates[0]!) / DAY) - 1);
    const skip = sampler.shareBelow(firstDay);
    for (let attempt = 0; attempt < 8; attempt++) {
      const k = sampler.indexAt(skip + random.next() * (1 - skip));
      const hour = this.hourSamplers[channel]!.sample(random);
      const t = utcFromLocal(timezone, this.dates[k]!, hour, random.int(0, 59), random.int(0, 59));
      if (t > earliest && t <= latest) return t;
    }
    return earliest < latest ? Math.round(earliest + (latest - earliest) * (1 - random.next())) : Math.max(earliest, Math.min(latest, this.nowMs));
  }
}
