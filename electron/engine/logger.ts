/**
 * A levelled, structured logger. Fields hold ids, hosts, ports, phases and error codes only:
 * never protocol bytes, because they may carry credentials.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Writes one JSON object per line, e.g. to stderr, dropping entries below `minimumLevel`. */
export function createJsonLogger(
  write: (line: string) => void,
  minimumLevel: LogLevel = 'info',
  baseFields: LogFields = {},
): Logger {
  const log = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[minimumLevel]) {
      return;
    }
    const entry = { time: new Date().toISOString(), level, message, ...baseFields, ...fields };
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** Returns a logger that adds `fields` to every entry, e.g. the session id. */
export function childLogger(parent: Logger, fields: LogFields): Logger {
  return {
    debug: (message, extra) => parent.debug(message, { ...fields, ...extra }),
    info: (message, extra) => parent.info(message, { ...fields, ...extra }),
    warn: (message, extra) => parent.warn(message, { ...fields, ...extra }),
    error: (message, extra) => parent.error(message, { ...fields, ...extra }),
  };
}
