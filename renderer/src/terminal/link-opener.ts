import { linkConfirmationText, openableHref } from '../../../shared/links/openable-link';

/** Functions that confirm and open a link; tests pass fakes. */
export interface LinkEnvironment {
  /** Asks the user, e.g. with `window.confirm`. */
  readonly confirm: (message: string) => boolean;
  /** Opens the address in a new browsing context without access to this page. */
  readonly open: (href: string) => void;
  /**
   * True under Electron, whose main process confirms with its own dialog before it opens anything,
   * so that a compromised page cannot skip the question.
   */
  readonly mainProcessConfirms: boolean;
}

export type LinkOutcome = 'opened' | 'declined' | 'rejected';

/**
 * Opens a link the user clicked in the terminal: only http and https, only after the user
 * confirmed the exact address, and never with a reference back to this page.
 */
export function activateLink(text: string, environment: LinkEnvironment): LinkOutcome {
  const href = openableHref(text, (value) => new URL(value));
  if (href === null) {
    return 'rejected';
  }
  if (!environment.mainProcessConfirms && !environment.confirm(linkConfirmationText(href))) {
    return 'declined';
  }
  environment.open(href);
  return 'opened';
}

/** Returns the page's own functions: `window.confirm`, and `window.open` with noopener. */
export function browserLinkEnvironment(mainProcessConfirms: boolean): LinkEnvironment {
  return {
    confirm: (message) => window.confirm(message),
    open: (href) => {
      window.open(href, '_blank', 'noopener,noreferrer');
    },
    mainProcessConfirms,
  };
}
