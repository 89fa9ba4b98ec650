import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { tlsEnvironmentWarnings } from '../engine/environment-warnings';
import { createJsonLogger, type LogLevel } from '../engine/logger';
import { DATA_DIR_ENV, resolveDataDir } from './data-dir';
import { startBrowserModeServer } from './server';

const USAGE = 'Usage: npm run serve [-- --port N] [--renderer-dir DIR] [--data-dir DIR]';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function parsePort(text: string | undefined): number {
  if (text === undefined) {
    return 0;
  }
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `Invalid --port "${text}": give a whole number from 1 to 65535, or 0 for any free port.`,
    );
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(
      `${USAGE}\n  --port N           TCP port on 127.0.0.1 (default: any free port)\n  --renderer-dir DIR built renderer to serve (default: dist/renderer)\n  --data-dir DIR     folder of saved connections (default: $${DATA_DIR_ENV}, else $XDG_CONFIG_HOME/mailtap or ~/.config/mailtap)\nLog level: MAILTAP_LOG_LEVEL=debug|info|warn|error (default warn), written to stderr as JSON.\n`,
    );
    return;
  }
  const levelSetting = process.env['MAILTAP_LOG_LEVEL'] ?? 'warn';
  const level = (LOG_LEVELS as readonly string[]).includes(levelSetting)
    ? (levelSetting as LogLevel)
    : 'warn';
  const logger = createJsonLogger((line) => process.stderr.write(line), level, {
    component: 'browser-mode',
  });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = values['renderer-dir'] ?? path.resolve(here, '../renderer');

  const server = await startBrowserModeServer({
    port: parsePort(values.port),
    rendererDir,
    logger,
    dataDir: resolveDataDir(values['data-dir']),
  });
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  // Handlers first: a signal right after the line is printed must still close cleanly.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  for (const warning of tlsEnvironmentWarnings(process.env)) {
    logger.warn(warning);
  }
  process.stdout.write(`Mailtap is listening at ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `mailtap: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  );
  process.exit(1);
});
