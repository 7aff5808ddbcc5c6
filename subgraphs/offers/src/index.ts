export { createServer, type OffersSubgraphDeps, type OffersServer } from './createServer.ts';
export { OfferEngine, DEFAULT_LEARNING, ATTRIBUTION_GROUP, type LearningSettings } from './offerEngine.ts';
export { offerIdOf, parseOfferId } from './decisions/candidateOffers.ts';
export { DEFAULT_DECISION_SETTINGS, type DecisionSettings } from './decisions/decisionService.ts';
