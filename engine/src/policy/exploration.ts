// How the policy explores, per channel. Every mode gives each chosen item the probability the
// policy had of choosing it in its slot, so logged decisions support off-policy evaluation.
export type Exploration =
  /** Pure exploitation (the kill switch): the best remaining candidate, propensity 1. */
  | { kind: 'greedy' }
  /** With probability ε a uniformly random remaining candidate, else the best. */
  | { kind: 'epsilon-greedy'; epsilon: number }
  /** Softmax over scores at a temperature: every remaining candidate keeps a non-zero chance. */
  | { kind: 'softmax'; temperature: number };

export function parseExploration(input: Exploration): Exploration {
  switch (input?.kind) {
    case 'greedy':
      return { kind: 'greedy' };
    case 'epsilon-greedy':
      if (!(Number.isFinite(input.epsilon) && input.epsilon >= 0 && input.epsilon <= 1)) throw new RangeError(`epsilon must be a number from 0 to 1, got ${input.epsilon}`);
      return { kind: 'epsilon-greedy', epsilon: input.epsilon };
    case 'softmax':
      if (!(Number.isFinite(input.temperature) && input.temperature > 0)) throw new RangeError(`temperature must be a finite number > 0, got ${input.temperature}`);
      return { kind: 'softmax', temperature: input.temperature };
    default:
      throw new RangeError(`exploration kind must be one of greedy, epsilon-greedy, softmax, got ${JSON.stringify((input as { kind?: unknown })?.kind)}`);
  }
}
