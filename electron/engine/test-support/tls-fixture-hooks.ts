import { afterAll, beforeAll } from 'vitest';

import { createTlsFixtures, type TlsFixtures } from './tls-fixtures';

/** Time to generate the keys and certificates of every fixture on a slow machine. */
const FIXTURE_SETUP_TIMEOUT_MS = 60_000;

/**
 * Creates the TLS fixtures once for the calling test file and deletes them after its last test.
 * The returned object reads through to them, so it can be used in tests and hooks by name.
 */
export function useTlsFixtures(): TlsFixtures {
  let loaded: TlsFixtures | null = null;
  beforeAll(async () => {
    loaded = await createTlsFixtures();
  }, FIXTURE_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await loaded?.dispose();
  });
  return new Proxy({} as TlsFixtures, {
    get(_target, key) {
      if (loaded === null) {
        throw new Error('The TLS fixtures are created in beforeAll; use them in a test or hook.');
      }
      return Reflect.get(loaded, key) as unknown;
    },
  });
}
