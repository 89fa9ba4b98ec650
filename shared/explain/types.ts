import type { ProtocolId } from '../presets';

/** Effect of a reply on its command, named like the reply-class colours. */
export type ReplyOutcome =
  | 'success'
  | 'intermediate'
  | 'continuation'
  | 'transient-failure'
  | 'permanent-failure'
  | 'data'
  | 'unknown';

/** One fact about a server line: a reply code, an enhanced status code, a response code, a hint. */
export interface ExplanationPart {
  /** Stable identifier for tests and styling, e.g. `smtp:550`, `esc:X.7.1`, `hint:bare-lf`. */
  readonly id: string;
  /** The token explained, as the server sent it: `550`, `5.7.1`, `[PRIVACYREQUIRED]`. */
  readonly label: string;
  /** The meaning in a few words. */
  readonly title: string;
  /** One or two sentences a sysadmin can act on. */
  readonly detail: string;
  /** The document that defines the token, e.g. `RFC 5321, section 4.2.3`. */
  readonly source: string;
}

/** The meaning of one server line. */
export interface Explanation {
  readonly protocol: ProtocolId;
  /** The line explained, without its line ending. */
  readonly line: string;
  readonly outcome: ReplyOutcome;
  /** One sentence for a tooltip. */
  readonly summary: string;
  readonly parts: readonly ExplanationPart[];
}

/** A catalog entry: meaning and source of one code. */
export interface CodeMeaning {
  readonly title: string;
  readonly detail: string;
  readonly source: string;
}
