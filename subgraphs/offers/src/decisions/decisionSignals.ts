// What a decision reads from the live state of the engine host: the shopper's intent (session
// tracker) and how each offer has done so far (the learning log).
export type IntentName = 'BROWSING' | 'RESEARCHING' | 'READY_TO_BUY';

export interface IntentReading {
  sessionId: string | null;
  browsing: number;
  researching: number;
  readyToBuy: number;
  predicted: IntentName;
  /** Events seen in the session (0 when the session is unknown: the model's prior). */
  events: number;
}

export interface DecisionSignals {
  intentFor(customerId: string, sessionId: string | null): IntentReading;
  isUnderperforming(offerId: string): boolean;
}
