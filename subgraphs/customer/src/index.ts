export { createServer, type CustomerSubgraphDeps } from './createServer.ts';
export { INTERACTION_RECORDED, type InteractionRecordedPayload } from '@retail/platform';
