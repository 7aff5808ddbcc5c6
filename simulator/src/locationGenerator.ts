// Stores, spread over the cities in opening order (so a handful already covers every region), and
// regional warehouses on the outskirts of a region's first city.
import { CITIES, REGIONS, type City } from './geography.ts';
import { round2, type Random } from './random.ts';
import type { LocationRow } from './rows.ts';

const DISTRICTS = ['Downtown', 'Midtown', 'Uptown', 'Riverside', 'Northgate', 'Southpoint', 'Eastside', 'Westfield', 'Harbour', 'Parkway'];

export interface Locations {
  /** Stores first, then warehouses. */
  rows: LocationRow[];
  storeCount: number;
  /** Relative footfall per store (index into rows), used to assign home stores. */
  storeWeights: number[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const jitter = (random: Random, x: number, sd: number) => Math.round((x + random.normal(0, sd)) * 1e5) / 1e5;

export function generateLocations(random: Random, stores: number, warehouses: number): Locations {
  const rows: LocationRow[] = [];
  const storeWeights: number[] = [];
  for (let s = 0; s < stores; s++) {
    const city = CITIES[s % CITIES.length]!;
    const round = Math.floor(s / CITIES.length);
    const district = DISTRICTS[round % DISTRICTS.length]!;
    const suffix = round >= DISTRICTS.length ? ` ${Math.floor(round / DISTRICTS.length) + 1}` : '';
    rows.push({
      id: `loc_${pad(s + 1, 4)}`,
      code: `ST-${pad(s + 1, 4)}`,
      name: `${city.name} ${district}${suffix}`,
      type: 'STORE',
      city: city.name,
      region: city.region,
      lat: jitter(random, city.lat, 0.04),
      lon: jitter(random, city.lon, 0.04),
      timezone: city.timezone,
    });
    storeWeights.push(round2(random.float(0.6, 1.4)));
  }
  for (let w = 0; w < warehouses; w++) {
    const region = REGIONS[w % REGIONS.length]!;
    const city: City = CITIES.find((c) => c.region === region)!;
    const round = Math.floor(w / REGIONS.length);
    rows.push({
      id: `loc_${pad(stores + w + 1, 4)}`,
      code: `WH-${pad(w + 1, 2)}`,
      name: `${region} Distribution Centre${round > 0 ? ` ${round + 1}` : ''}`,
      type: 'WAREHOUSE',
      city: city.name,
      region,
      lat: jitter(random, city.lat, 0.15),
      lon: jitter(random, city.lon, 0.15),
      timezone: city.timezone,
    });
  }
  return { rows, storeCount: stores, storeWeights };
}
