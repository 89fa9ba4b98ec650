/** One record of a session transcript, in the order it happened. */
export type TranscriptRecord =
  | {
      readonly kind: 'server';
      /** Milliseconds since the Unix epoch. */
      readonly time: number;
      readonly tls: boolean;
      readonly bytes: Uint8Array;
    }
  | {
      readonly kind: 'client';
      readonly time: number;
      readonly tls: boolean;
      /** The line as sent, with credentials masked; the real line is never stored. */
      readonly text: string;
      readonly automatic: boolean;
    }
  | {
      readonly kind: 'note';
      readonly time: number;
      readonly tls: boolean;
      readonly level: 'info' | 'warning' | 'error';
      readonly text: string;
    };
