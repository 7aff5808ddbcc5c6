export { seededRandom, type RandomSource } from './random.ts';
export { parseLinUCBConfig, parseHybridLinUCBConfig, DEFAULT_LINUCB, type LinUCBConfig, type HybridLinUCBConfig } from './linucb/config.ts';
export { RidgeModel } from './linucb/ridgeModel.ts';
export { DisjointLinUCB, type ArmScore, type DisjointLinUCBSnapshot } from './linucb/disjointLinUCB.ts';
export { HybridLinUCB, type HybridLinUCBSnapshot } from './linucb/hybridLinUCB.ts';
export { parseExploration, type Exploration } from './policy/exploration.ts';
export { selectSlate, type SlatePick, type SlateOptions } from './policy/slate.ts';
export { applyHardConstraints, violatedConstraint, marginAfterDiscount, type RemovalReason, type ConstrainedCandidate, type ConstraintContext, type CandidatePromotion, type ConstraintResult } from './policy/constraints.ts';
export { shadowPrice, elapsedShare, DEFAULT_PACING, type BudgetState, type PacingConfig } from './policy/budgetPacing.ts';
