import { describe } from 'vitest';
import { createMemoryEventBus } from '../src/eventBus.ts';
import { eventBusContract } from './eventBusContract.ts';

describe('in-process event bus', () => {
  eventBusContract(async () => createMemoryEventBus({ retryDelayMs: 5 }), () => 'mem');
});
