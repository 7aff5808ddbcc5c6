// Names for people, brands and competitors.
import type { Random } from './random.ts';

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan',
  'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sofia', 'Mark', 'Emily', 'Wei',
  'Aisha', 'Luis', 'Priya', 'Kevin', 'Olivia', 'Jason', 'Emma', 'Diego', 'Ava', 'Omar', 'Mia', 'Hiroshi', 'Chloe', 'Andre', 'Grace', 'Noah',
  'Fatima', 'Liam', 'Zoe', 'Ethan', 'Nora', 'Mateo', 'Hannah', 'Samuel', 'Leila', 'Ryan', 'Isabel', 'Arjun', 'Maya', 'Tyler', 'Amara',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez',
  'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark',
  'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green',
  'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Chen', 'Patel', 'Kim', 'Singh', 'Okafor',
];

export const COMPETITORS = ['MegaMart', 'ValueHub', 'PrimeGoods', 'CornerShop', 'UrbanMarket', 'ShopRight'] as const;
/** Each competitor's typical price relative to ours. */
export const COMPETITOR_PRICE_LEVEL: Readonly<Record<string, number>> = {
  MegaMart: 0.95, ValueHub: 0.9, PrimeGoods: 1.08, CornerShop: 1.03, UrbanMarket: 1.0, ShopRight: 0.97,
};

const BRAND_HEADS = ['Al', 'Bel', 'Cor', 'Dal', 'El', 'Fen', 'Gor', 'Hal', 'Ir', 'Jun', 'Kor', 'Lum', 'Mar', 'Nor', 'Or', 'Pal', 'Quin', 'Ros', 'Sol', 'Tor', 'Ul', 'Val', 'Wes', 'Xan', 'Yor', 'Zen'];
const BRAND_MIDDLES = ['', 'ba', 'do', 'ri', 'ta', 've', 'lo', 'mi', 'sa'];
const BRAND_TAILS = ['a', 'ara', 'ex', 'ia', 'ico', 'on', 'ora', 'us', 'ix', 'wood', 'field', 'crest', 'vale', 'mark', 'line', 'ly'];

/** A brand name not in `taken` (adds it). Over 3,700 combinations exist. */
export function uniqueBrandName(random: Random, taken: Set<string>): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const name = random.pick(BRAND_HEADS) + random.pick(BRAND_MIDDLES) + random.pick(BRAND_TAILS);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  // Deterministic fallback once the space is crowded.
  const name = `${random.pick(BRAND_HEADS)}${random.pick(BRAND_TAILS)} ${taken.size + 1}`;
  taken.add(name);
  return name;
}

export const STAFF = ['maria.lopez', 'james.chen', 'sam.patel', 'priya.nair', 'pricing-agent'];
export const REVIEWERS = ['lead.merchandiser', 'finance.controller', 'category.director'];
