/** The custom scheme and host the desktop app loads its renderer from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mailtap';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Facts about the frame that sent an IPC request. */
export interface SenderFrameInfo {
  /** The frame's URL; undefined when the frame is gone or navigated away (null senderFrame). */
  readonly url: string | undefined;
  /** True for the window's top-level frame. */
  readonly isMainFrame: boolean;
}

/**
 * Decides whether an IPC request may run: only the top-level frame of our own renderer, loaded
 * from the app scheme, may drive the engine. Iframes, other origins and frames that navigated
 * away are rejected.
 */
export function isTrustedSender(
  frame: SenderFrameInfo,
): { trusted: true } | { trusted: false; reason: string } {
  if (frame.url === undefined) {
    return { trusted: false, reason: 'the sending frame no longer exists' };
  }
  if (!frame.isMainFrame) {
    return { trusted: false, reason: 'the request came from a subframe' };
  }
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return { trusted: false, reason: 'the sending frame has an invalid URL' };
  }
  if (origin !== APP_ORIGIN) {
    return { trusted: false, reason: `the sending frame's origin ${origin} is not ${APP_ORIGIN}` };
  }
  return { trusted: true };
}
