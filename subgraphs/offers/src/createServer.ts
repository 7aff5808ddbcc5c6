import type { Database, OutboxRelay } from '@retail/db';
import type { OfferPolicyConfig } from '@retail/engine';
import { createSubgraphServer, loadSubgraphSdl, withBackgroundWork, type EventBus, type Logger, type SubgraphServer } from '@retail/platform';
import { createOffersLoaders } from './loaders.ts';
import { OffersService } from './offersService.ts';
import { resolvers, type OffersContext } from './resolvers.ts';
import { OfferEngine, type LearningSettings } from './offerEngine.ts';
import { DecisionService, DEFAULT_DECISION_SETTINGS, type DecisionSettings } from './decisions/decisionService.ts';
import { OutcomeService } from './learning/outcomeService.ts';
import { ModelStatsService } from './learning/modelStats.ts';
import type { CatalogSources } from './readModel/candidateCatalog.ts';

export interface OffersSubgraphDeps {
  db: Database;
  /** Carries stock and interaction events in, and the model's learning notifications between replicas. */
  bus: EventBus;
  /** Wakes the relay after a write so outcome events go out at once; null: the relay's poll picks them up. */
  outbox?: OutboxRelay | null;
  /** GraphQL endpoints of the customer, product and inventory subgraphs (the candidate read model's sources). */
  sources?: CatalogSources | null;
  policy?: Partial<OfferPolicyConfig>;
  decisions?: Partial<DecisionSettings>;
  learning?: Partial<LearningSettings>;
  /** Seed of the exploration draws; random by default. */
  seed?: number;
  /** The clock; tests pin it. Read once per request. */
  now?: () => Date;
  log?: Logger;
  /** Logged when the read model cannot load from `sources` at start: how to fix them. */
  sourcesHint?: string;
}

export interface OffersServer extends SubgraphServer {
  /** The decision engine of this server (tests and operators: model, learner, read model). */
  readonly engine: OfferEngine;
}

export function createServer({ db, bus, outbox = null, sources = null, policy, decisions, learning, seed, now = () => new Date(), log, sourcesHint }: OffersSubgraphDeps): OffersServer {
  const offers = new OffersService(db);
  const decisionSettings: DecisionSettings = { ...DEFAULT_DECISION_SETTINGS, ...decisions };
  const engine = new OfferEngine({ db, bus, outbox, sources, policy, seed, learning, stockHold: decisionSettings.stockHold, now, log, sourcesHint });
  const decisionService = new DecisionService(db, engine.policy, engine, decisionSettings);
  const outcomes = new OutcomeService(db, outbox, engine.policy.config.reward, decisionSettings.stockHold);
  const stats = new ModelStatsService(db, engine.policy.config.reward.scale);
  const server = createSubgraphServer<OffersContext>({
    name: 'offers',
    typeDefs: loadSubgraphSdl('offers'),
    resolvers: resolvers as never,
    context: ({ viewer }) => {
      const at = now();
      return { offers, loaders: createOffersLoaders(offers, at), now: at, engine, decisions: decisionService, outcomes, stats, viewer };
    },
  });
  return {
    name: server.name,
    engine,
    listen: withBackgroundWork(server, engine).listen,
  };
}
