export { seededRandom, type RandomSource } from './random.ts';
export { parseLinUCBConfig, parseHybridLinUCBConfig, DEFAULT_LINUCB, type LinUCBConfig, type HybridLinUCBConfig } from './linucb/config.ts';
export { RidgeModel } from './linucb/ridgeModel.ts';
export { DisjointLinUCB, type ArmScore, type DisjointLinUCBSnapshot } from './linucb/disjointLinUCB.ts';
export { HybridLinUCB, type HybridLinUCBSnapshot } from './linucb/hybridLinUCB.ts';
