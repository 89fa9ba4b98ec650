import type {
  ConnectionInput,
  ConnectionList,
  SavedConnection,
} from '../../../shared/connections/connection-types';
import type { Disposer, MailtapApi } from '../../../shared/ipc/contract';
import { findPreset, PRESETS } from '../../../shared/presets';
import type { SessionOptions } from '../../../shared/session';
import { describeFailure } from '../api/request-errors';
import type { FormValues } from './form-values';

export interface ConnectionsState {
  readonly list: ConnectionList | null;
  /** The last failure, shown until the next action. */
  readonly error: string | null;
  /** The last outcome worth telling, e.g. what an import added. */
  readonly message: string | null;
  readonly busy: boolean;
}

/** Returns the options that open a saved connection. */
export function sessionOptionsOf(connection: SavedConnection): SessionOptions {
  return {
    host: connection.host,
    port: connection.port,
    protocol: connection.protocol,
    security: connection.security,
    ...(connection.ehloName === undefined ? {} : { ehloName: connection.ehloName }),
    ...(connection.sni === undefined ? {} : { sni: connection.sni }),
    ...(connection.caFile === undefined ? {} : { caFile: connection.caFile }),
  };
}

/** Fills the connection form with a saved connection; the preset is the closest match. */
export function formValuesOf(connection: SavedConnection, current: FormValues): FormValues {
  const preset =
    PRESETS.find(
      (candidate) =>
        candidate.protocol === connection.protocol && candidate.port === connection.port,
    ) ??
    PRESETS.find((candidate) => candidate.protocol === connection.protocol) ??
    findPreset(current.presetId)!;
  return {
    ...current,
    presetId: preset.id,
    host: connection.host,
    port: String(connection.port),
    security: connection.security,
    ehloName: connection.ehloName ?? current.ehloName,
    sni: connection.sni ?? '',
    caFile: connection.caFile ?? '',
    // Saved connections never carry legacy TLS, so loading one clears the choice.
    legacyTls: false,
  };
}

/** Turns the form's options into a connection to save under `name`. */
export function connectionFromOptions(
  name: string,
  options: SessionOptions,
  username: string,
): ConnectionInput {
  return {
    name,
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    security: options.security,
    ...(options.ehloName === undefined ? {} : { ehloName: options.ehloName }),
    ...(options.sni === undefined ? {} : { sni: options.sni }),
    ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
    ...(username === '' ? {} : { username }),
  };
}

/** The renderer's copy of the saved connections, loaded from and changed through the engine. */
export class ConnectionsStore {
  readonly #api: MailtapApi;
  readonly #listeners = new Set<() => void>();
  #state: ConnectionsState = { list: null, error: null, message: null, busy: false };

  constructor(api: MailtapApi) {
    this.#api = api;
  }

  readonly subscribe = (listener: () => void): Disposer => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly getState = (): ConnectionsState => this.#state;

  load(): Promise<boolean> {
    return this.#run(async () => {
      this.#update({ list: await this.#api.listConnections() });
    });
  }

  save(connection: ConnectionInput): Promise<boolean> {
    return this.#run(async () => {
      this.#update({
        list: await this.#api.saveConnection(connection),
        message: `Saved "${connection.name}".`,
      });
    });
  }

  delete(connection: SavedConnection): Promise<boolean> {
    return this.#run(async () => {
      this.#update({
        list: await this.#api.deleteConnection(connection.id),
        message: `Deleted "${connection.name}".`,
      });
    });
  }

  importText(content: string): Promise<boolean> {
    return this.#run(async () => {
      const result = await this.#api.importConnections(content);
      const skipped = result.skipped.length === 0 ? '' : ` Skipped: ${result.skipped.join(' ')}`;
      this.#update({
        list: result.list,
        message: `Imported ${result.added} new and updated ${result.updated} connection(s).${skipped}`,
      });
    });
  }

  exportAll(): Promise<boolean> {
    return this.#run(async () => {
      const outcome = await this.#api.saveFile(await this.#api.exportConnections());
      this.#update({
        message: outcome.saved ? `Exported to ${outcome.location}, without passwords.` : null,
      });
    });
  }

  async #run(action: () => Promise<void>): Promise<boolean> {
    this.#update({ busy: true, error: null, message: null });
    try {
      await action();
      this.#update({ busy: false });
      return true;
    } catch (reason) {
      this.#update({ busy: false, error: describeFailure(reason) });
      return false;
    }
  }

  #update(change: Partial<ConnectionsState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }
}
