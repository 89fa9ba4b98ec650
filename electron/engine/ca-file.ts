import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import { MAX_CA_FILE_BYTES } from './limits';

/**
 * O_NONBLOCK makes open() return at once on a FIFO with no writer, where a plain open would
 * wait for one forever. Windows has no such flag and no FIFOs that open() could block on.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type CaFileText =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) {
    return 'a folder';
  }
  if (stats.isFIFO()) {
    return 'a named pipe (FIFO)';
  }
  if (stats.isCharacterDevice() || stats.isBlockDevice()) {
    return 'a device';
  }
  return stats.isSocket() ? 'a socket' : 'a special file';
}

/**
 * Reads the user's CA file as text. Only a regular file of at most MAX_CA_FILE_BYTES is read,
 * and the checks run on the opened file, so a path swapped after the check cannot slip past them.
 * Returns the problem, in a sentence that names the path, when the file cannot be used.
 */
export async function readCaFileText(path: string): Promise<CaFileText> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      problem: `The CA file ${path} could not be read (${code}); check the path and its permissions.`,
    };
  }

  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return {
        ok: false,
        problem: `The CA file ${path} is ${kindOf(stats)}, not a regular file; choose a PEM file of CA certificates.`,
      };
    }
    if (stats.size > MAX_CA_FILE_BYTES) {
      return {
        ok: false,
        problem: `The CA file ${path} has ${stats.size} bytes; the maximum is ${MAX_CA_FILE_BYTES}. Choose a PEM file with only the CA certificates you need.`,
      };
    }

    // One byte more than the size shows whether the file grew after the check.
    const buffer = Buffer.alloc(Math.min(stats.size + 1, MAX_CA_FILE_BYTES + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_CA_FILE_BYTES) {
      return {
        ok: false,
        problem: `The CA file ${path} grew past ${MAX_CA_FILE_BYTES} bytes while it was read; choose a file that does not change.`,
      };
    }
    return { ok: true, text: buffer.subarray(0, bytesRead).toString('utf8') };
  } finally {
    await handle.close();
  }
}
