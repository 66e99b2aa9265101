import type { RetryStrategy } from './retry-strategy.js';

/** Gives up after the first failed attempt. */
export const noRetry: RetryStrategy = () => false;
