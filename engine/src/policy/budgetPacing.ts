// Paces a promotion's discount budget over its window instead of first come, first served.
// The shadow price of the budget grows with overspending against an even pace: an offer's score
// pays shadowPrice × its expected discount cost, so a promotion that is ahead of its pace is shown
// less until time catches up, and one behind its pace costs nothing extra.

export interface BudgetState {
  budget: number;
  spent: number;
  startsAt: number;
  endsAt: number;
}

export interface PacingConfig {
  /** How steeply the shadow price rises per unit of overspend (as a share of the budget). */
  gain: number;
}

export const DEFAULT_PACING: PacingConfig = { gain: 20 };

/** Share of the window elapsed at `now`, in [0, 1]. */
export function elapsedShare(state: Pick<BudgetState, 'startsAt' | 'endsAt'>, now: number): number {
  const span = state.endsAt - state.startsAt;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (now - state.startsAt) / span));
}

/**
 * The shadow price λ ≥ 0 of the remaining budget: 0 while spending is at or below the even pace,
 * gain × (share spent − share of time elapsed) above it; infinite once the budget is spent.
 */
export function shadowPrice(state: BudgetState, now: number, config: PacingConfig = DEFAULT_PACING): number {
  if (state.budget <= 0 || state.spent >= state.budget) return Number.POSITIVE_INFINITY;
  const ahead = state.spent / state.budget - elapsedShare(state, now);
  return ahead > 0 ? config.gain * ahead : 0;
}
