import type { Disposer } from '../../../shared/ipc/contract';

/** Layout choices that hold for every tab, such as a hidden session sidebar. */
export class LayoutStore {
  readonly #listeners = new Set<() => void>();
  #sidebarHidden = false;

  readonly subscribe = (listener: () => void): Disposer => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly sidebarHidden = (): boolean => this.#sidebarHidden;

  setSidebarHidden(hidden: boolean): void {
    this.#sidebarHidden = hidden;
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }
}
