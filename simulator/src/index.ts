// @retail/simulator: a deterministic synthetic retail world (catalogue, stores, customers with
// hidden preferences, their history, promotions) and the oracle of its purchase model.
// Pure computation: no I/O, no clock, no other workspace packages. See simulator/README.md.
export { createRandom, WeightedSampler, type Random } from './random.ts';
export { validateWorldConfig, WorldConfigError, WORLD_CONFIG_LIMITS, SMALL_WORLD, BENCH_WORLD, type WorldConfig, type WorldSize } from './config.ts';
export { generateWorld, collectActivity, type World, type GroundTruth, type Activity } from './world.ts';
export type { ActivityChunk, ActivityOptions, PurchaseDecision } from './activityGenerator.ts';
export { WALK_IN_MODEL, type WalkInSaleRow } from './walkInSales.ts';
export { purchaseProbability, latentOf, createOracle, OracleInputError, type Oracle } from './oracle.ts';
export { PURCHASE_MODEL, INTENTS, type Intent, type PurchaseContext, type Offer } from './behaviourModel.ts';
export { TASTE_MODEL, CHANNEL_MODEL, type CustomerLatent } from './latentModel.ts';
export { DEPARTMENTS } from './catalogData.ts';
export { COMPETITORS } from './names.ts';
export { discountShare } from './promotionGenerator.ts';
export { maxDiscountShare } from './catalogGenerator.ts';
export { localTimeOf, utcOffsetMinutes } from './geography.ts';
export * from './rows.ts';
export { createSubstitutionModel, substitutionAcceptProbability, SUBSTITUTION_MODEL, type SubstitutionModel, type SubstitutionTraits } from './substitutionModel.ts';
