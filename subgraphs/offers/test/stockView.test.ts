// The offers engine's live stock view: holds it asked for count at once, inventory's answer
// replaces them, forecasts set the stockout risk and overstock of candidates.
import { describe, expect, it } from 'vitest';
import { CandidateCatalog } from '../src/readModel/candidateCatalog.ts';
import { overstockOf } from '../src/decisions/candidateOffers.ts';

function catalog(): CandidateCatalog {
  const c = new CandidateCatalog();
  c.addLocation({ id: 's1', type: 'STORE', latitude: 0, longitude: 0, timezone: 'UTC' });
  c.addLocation({ id: 'w1', type: 'WAREHOUSE', latitude: 0, longitude: 0, timezone: 'UTC' });
  c.addLocation({ id: 'w2', type: 'WAREHOUSE', latitude: 0, longitude: 0, timezone: 'UTC' });
  c.setAvailable('p', 's1', 2);
  c.setAvailable('p', 'w1', 5);
  c.setAvailable('p', 'w2', 9);
  return c;
}

const reservation = (reference: string, locationId: string, available: number, status = 'ACTIVE') => ({
  reservationId: 'r', reference, productId: 'p', locationId, quantity: 1, status, onHand: 10, reserved: 1, safetyStock: 0, available, occurredAt: '2026-11-23T00:00:00.000Z',
});

describe('CandidateCatalog stock view', () => {
  it('counts a requested hold at once, and hands over to inventory’s answer when it arrives', () => {
    const c = catalog();
    c.holdLocally('h1', 'p', 's1', 10_000, 0);
    c.holdLocally('h2', 'p', 's1', 10_000, 0);
    c.holdLocally('h2', 'p', 's1', 10_000, 0); // the same reference counts once
    expect(c.availableAt('p', 's1')).toBe(0);
    c.applyReservationEvent(reservation('h1', 's1', 1));
    expect(c.availableAt('p', 's1')).toBe(0); // inventory's 1 left, minus h2 still pending
    c.applyReservationEvent(reservation('h2', 's1', 0, 'REFUSED'));
    expect(c.availableAt('p', 's1')).toBe(0);
  });

  it('forgets holds inventory never answered for', () => {
    const c = catalog();
    c.holdLocally('h1', 'p', 's1', 1000, 0);
    expect(c.availableAt('p', 's1')).toBe(1);
    c.expireLocalHolds(999);
    expect(c.availableAt('p', 's1')).toBe(1);
    c.expireLocalHolds(1000);
    expect(c.availableAt('p', 's1')).toBe(2);
  });

  it('ships online orders from the warehouse with most to promise, holds counted', () => {
    const c = catalog();
    expect(c.shipsFrom('p')).toBe('w2');
    expect(c.availableAt('p', null)).toBe(14);
    for (let i = 0; i < 5; i++) c.holdLocally(`o${i}`, 'p', 'w2', 10_000, 0);
    expect(c.shipsFrom('p')).toBe('w1');
    expect(c.availableAt('p', null)).toBe(9);
  });

  it('reads the outlook where the order is fulfilled', () => {
    const c = catalog();
    c.setOutlook('p', 's1', { dailyDemand: 3, daysOfCover: 0.7, stockoutRisk: 0.98 });
    c.setOutlook('p', 'w2', { dailyDemand: 0.1, daysOfCover: 90, stockoutRisk: 0 });
    expect(c.outlookFor('p', 's1')!.stockoutRisk).toBe(0.98);
    expect(c.outlookFor('p', null)!.daysOfCover).toBe(90);
    c.applyStockEvent({ adjustmentId: 'a', eventId: null, productId: 'p', locationId: 's1', delta: 5, reason: 'RECEIPT', onHandBefore: 2, onHandAfter: 7, reserved: 0, safetyStock: 0, available: 7, actor: null, occurredAt: '', forecast: { dailyDemand: 3, daysOfCover: 2.3, stockoutRisk: 0.6, leadTimeDays: 7 } });
    expect(c.availableAt('p', 's1')).toBe(7);
    expect(c.outlookFor('p', 's1')).toEqual({ dailyDemand: 3, daysOfCover: 2.3, stockoutRisk: 0.6 });
  });
});

describe('overstockOf', () => {
  it('grows from 60 to 180 days of forecast cover; no demand expected is not overstock', () => {
    expect(overstockOf({ dailyDemand: 1, daysOfCover: 60, stockoutRisk: 0 }, null)).toBe(0);
    expect(overstockOf({ dailyDemand: 1, daysOfCover: 120, stockoutRisk: 0 }, null)).toBeCloseTo(0.5, 12);
    expect(overstockOf({ dailyDemand: 1, daysOfCover: 400, stockoutRisk: 0 }, null)).toBe(1);
    expect(overstockOf({ dailyDemand: 0, daysOfCover: null, stockoutRisk: 0 }, 999)).toBe(0);
    expect(overstockOf(null, 270)).toBeCloseTo(0.5, 12); // no forecast yet: cover from recent sales
  });
});
