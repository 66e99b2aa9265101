import { HOW_TO_GET_CONTAINERS, type Testcontainers } from './container-runtime.js';

/**
 * Loads testcontainers on first use only, so the process backend never needs it.
 * @throws `Error` saying how to get it, when it cannot be loaded.
 * @internal
 */
export async function loadTestcontainers(): Promise<Testcontainers> {
  try {
    return await import('testcontainers');
  } catch (error) {
    throw new Error(
      `backend 'container' needs the testcontainers package, which could not be loaded. ${HOW_TO_GET_CONTAINERS}`,
      { cause: error },
    );
  }
}
