import { stat } from 'node:fs/promises';
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

/** Returns the log level from MAILTAP_LOG_LEVEL; an unknown value is reported on stderr. */
function logLevelFrom(setting: string | undefined): LogLevel {
  if (setting === undefined || setting === '') {
    return 'warn';
  }
  if ((LOG_LEVELS as readonly string[]).includes(setting)) {
    return setting as LogLevel;
  }
  process.stderr.write(
    `mailtap: MAILTAP_LOG_LEVEL "${setting}" is not one of ${LOG_LEVELS.join(', ')}; using warn.\n`,
  );
  return 'warn';
}

/** Throws with a next step when the folder contains no built renderer. */
async function checkRendererDir(rendererDir: string, givenByUser: boolean): Promise<void> {
  const indexFile = path.join(rendererDir, 'index.html');
  const isFile = await stat(indexFile).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (isFile) {
    return;
  }
  throw new Error(
    givenByUser
      ? `--renderer-dir ${rendererDir} has no index.html; point it at the built renderer (dist/renderer after \`npm run build\`).`
      : `The built renderer is missing (${indexFile}); run \`npm run build\` first, or start with \`npm run serve\`, which builds it.`,
  );
}

/** Rewrites the errors of listen() as a sentence with the next step. */
function describeListenError(error: unknown, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} on 127.0.0.1 is already in use; stop the program that uses it, or choose another port with --port N (0 picks a free one).`,
    );
  }
  if (code === 'EACCES') {
    return new Error(
      `Port ${port} needs privileges this process lacks; choose a port above 1023 with --port N (0 picks a free one).`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
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
  const port = parsePort(values.port);
  const level = logLevelFrom(process.env['MAILTAP_LOG_LEVEL']);
  const logger = createJsonLogger((line) => process.stderr.write(line), level, {
    component: 'browser-mode',
  });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = values['renderer-dir'] ?? path.resolve(here, '../renderer');
  await checkRendererDir(rendererDir, values['renderer-dir'] !== undefined);

  const server = await startBrowserModeServer({
    port,
    rendererDir,
    logger,
    dataDir: resolveDataDir(values['data-dir']),
  }).catch((error: unknown) => {
    throw describeListenError(error, port);
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
