import { describe, expect, it } from 'vitest';

import { askBeforeLeaving } from './leave-guard';

/**
 * Creates a cancelable beforeunload event. Node's Event has a read-only returnValue, unlike a
 * browser's BeforeUnloadEvent, so the test gives it a writable one.
 */
function beforeUnload(): Event {
  const event = new Event('beforeunload', { cancelable: true });
  Object.defineProperty(event, 'returnValue', { value: undefined, writable: true });
  return event;
}

describe('askBeforeLeaving', () => {
  it('cancels the unload while sessions are open', () => {
    const target = new EventTarget();
    let open = true;
    const stop = askBeforeLeaving(target as unknown as Window, () => open);

    const first = beforeUnload();
    target.dispatchEvent(first);
    expect(first.defaultPrevented).toBe(true);
    expect(first.returnValue).toBe('');

    open = false;
    const second = beforeUnload();
    target.dispatchEvent(second);
    expect(second.defaultPrevented).toBe(false);

    open = true;
    stop();
    const third = beforeUnload();
    target.dispatchEvent(third);
    expect(third.defaultPrevented).toBe(false);
  });
});
