// The offers engine's live stock view: every stock row carries inventory's version, and an event
// or a reloaded row is taken only when it is newer than what the view holds, so events relayed out
// of order (or a reload that read a row before a change) never bring back stock that is gone;
// forecasts set the stockout risk and overstock of candidates.
import { describe, expect, it } from 'vitest';
import type { StockAdjustedEvent, StockReservationChangedEvent, StockSafetyChangedEvent } from '@retail/platform';
import { CandidateCatalog } from '../src/readModel/candidateCatalog.ts';
import { overstockOf } from '../src/decisions/candidateOffers.ts';

function catalog(): CandidateCatalog {
  const c = new CandidateCatalog();
  c.addLocation({ id: 's1', type: 'STORE', latitude: 0, longitude: 0, timezone: 'UTC' });
  c.addLocation({ id: 'w1', type: 'WAREHOUSE', latitude: 0, longitude: 0, timezone: 'UTC' });
  c.addLocation({ id: 'w2', type: 'WAREHOUSE', latitude: 0, longitude: 0, timezone: 'UTC' });
  c.setAvailable('p', 's1', 2, 3);
  c.setAvailable('p', 'w1', 5, 1);
  c.setAvailable('p', 'w2', 9, 1);
  return c;
}

const adjusted = (locationId: string, available: number, version: number, forecast?: StockAdjustedEvent['forecast']): StockAdjustedEvent => ({
  adjustmentId: `a${version}`, eventId: null, productId: 'p', locationId, delta: 0, reason: 'COUNT_CORRECTION', onHandBefore: 0, onHandAfter: available, reserved: 0, safetyStock: 0, available, version, actor: null, occurredAt: '2026-11-23T00:00:00.000Z', ...(forecast ? { forecast } : {}),
});

const reservation = (locationId: string, available: number, version: number, status = 'ACTIVE'): StockReservationChangedEvent => ({
  reservationId: 'r', reference: 'h', productId: 'p', locationId, quantity: 1, status, onHand: 10, reserved: 1, safetyStock: 0, available, version, occurredAt: '2026-11-23T00:00:00.000Z',
});

const safety = (locationId: string, available: number, version: number): StockSafetyChangedEvent => ({
  productId: 'p', locationId, safetyStockBefore: 0, safetyStock: 1, onHand: available + 1, reserved: 0, available, version, actor: null, occurredAt: '2026-11-23T00:00:00.000Z',
});

describe('CandidateCatalog stock versions', () => {
  it('drops a stock event that is not newer than the row it holds: a sold-out item stays sold out', () => {
    const c = catalog();
    c.applyStockEvent(adjusted('s1', 0, 5)); // sold out (version 5)
    c.applyStockEvent(adjusted('s1', 7, 4)); // relayed late: the receipt before the sale
    expect(c.availableAt('p', 's1')).toBe(0);
    expect(c.stockVersion('p', 's1')).toBe(5);
    c.applyStockEvent(adjusted('s1', 9, 5)); // the same version again (a redelivery) changes nothing either
    expect(c.availableAt('p', 's1')).toBe(0);
    c.applyStockEvent(adjusted('s1', 4, 6));
    expect(c.availableAt('p', 's1')).toBe(4);
  });

  it('drops a reloaded row older than an event it has, and takes a newer one', () => {
    const c = catalog();
    c.applyStockEvent(adjusted('s1', 0, 8));
    expect(c.setAvailable('p', 's1', 2, 7)).toBe(false); // the reload read the row before the sale
    expect(c.availableAt('p', 's1')).toBe(0);
    expect(c.setAvailable('p', 's1', 6, 9)).toBe(true); // it read a later change than any event so far
    expect(c.availableAt('p', 's1')).toBe(6);
    c.applyStockEvent(adjusted('s1', 1, 9)); // that change's own event, arriving after the reload
    expect(c.availableAt('p', 's1')).toBe(6);
  });

  it('orders hold and safety-stock events with stock changes by the same version; a refused hold changes nothing', () => {
    const c = catalog();
    c.applyReservationEvent(reservation('s1', 1, 4));
    c.applyStockEvent(safety('s1', 0, 6));
    c.applyReservationEvent(reservation('s1', 2, 5, 'RELEASED')); // late
    c.applyStockEvent(adjusted('s1', 3, 4)); // late
    expect(c.availableAt('p', 's1')).toBe(0);
    c.applyReservationEvent(reservation('s1', 5, 99, 'REFUSED'));
    expect([c.availableAt('p', 's1'), c.stockVersion('p', 's1')]).toEqual([0, 6]);
  });

  it('keeps the online sum to the newest warehouse rows, and a stale event brings no outlook with it', () => {
    const c = catalog();
    expect(c.availableAt('p', null)).toBe(14);
    c.applyStockEvent(adjusted('w2', 0, 3, { dailyDemand: 4, daysOfCover: 0, stockoutRisk: 1, leadTimeDays: 7 }));
    c.applyStockEvent(adjusted('w2', 9, 2, { dailyDemand: 0.1, daysOfCover: 90, stockoutRisk: 0, leadTimeDays: 7 }));
    expect(c.availableAt('p', null)).toBe(5);
    expect(c.shipsFrom('p')).toBe('w1');
    expect(c.outlookFor('p', null)).toBeNull(); // w1 ships now, and has no forecast yet
    c.setAvailable('p', 'w1', 0, 2);
    expect(c.shipsFrom('p')).toBeNull();
    c.setAvailable('p', 'w2', 2, 4);
    expect(c.outlookFor('p', null)).toEqual({ dailyDemand: 4, daysOfCover: 0, stockoutRisk: 1 });
  });
});

describe('CandidateCatalog stock view', () => {
  it('ships online orders from the warehouse with most to promise', () => {
    const c = catalog();
    expect(c.shipsFrom('p')).toBe('w2');
    expect(c.availableAt('p', null)).toBe(14);
    c.applyStockEvent(adjusted('w2', 4, 2));
    expect(c.shipsFrom('p')).toBe('w1');
    expect(c.availableAt('p', null)).toBe(9);
  });

  it('reads the outlook where the order is fulfilled', () => {
    const c = catalog();
    c.setOutlook('p', 's1', { dailyDemand: 3, daysOfCover: 0.7, stockoutRisk: 0.98 });
    c.setOutlook('p', 'w2', { dailyDemand: 0.1, daysOfCover: 90, stockoutRisk: 0 });
    expect(c.outlookFor('p', 's1')!.stockoutRisk).toBe(0.98);
    expect(c.outlookFor('p', null)!.daysOfCover).toBe(90);
    c.applyStockEvent(adjusted('s1', 7, 4, { dailyDemand: 3, daysOfCover: 2.3, stockoutRisk: 0.6, leadTimeDays: 7 }));
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
