import os from 'node:os';
import path from 'node:path';

/** Environment variable that sets browser mode's data folder, like `--data-dir`. */
export const DATA_DIR_ENV = 'MAILTAP_DATA_DIR';

/**
 * Returns browser mode's data folder: `--data-dir`, else MAILTAP_DATA_DIR, else `mailtap` in
 * the XDG configuration folder (`$XDG_CONFIG_HOME`, or `~/.config` when it is unset or not an
 * absolute path, as the XDG Base Directory specification requires).
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (flag !== undefined && flag !== '') {
    return path.resolve(flag);
  }
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return path.resolve(fromEnv);
  }
  const xdg = env['XDG_CONFIG_HOME'];
  const configHome = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
  return path.join(configHome, 'mailtap');
}
