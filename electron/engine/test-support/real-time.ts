/** Real time allowed for loopback I/O to arrive while the engine's clock is fake. */
export const IO_WAIT_MS = 10_000;

/**
 * Waits in real time, letting I/O run, until `condition` holds. It polls by yielding to the event
 * loop and sets no timer, so it works the same whether the test's timers are fake or real.
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > IO_WAIT_MS) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
