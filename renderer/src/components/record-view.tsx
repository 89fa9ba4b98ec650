import { useEffect, useRef, useState } from 'react';

import type { ByteToken } from '../../../shared/bytes/byte-escapes';
import { useFeatures, useTabUi } from '../store/feature-context';
import type { OutputView } from '../store/tab-ui-store';
import {
  byteRows,
  hexRows,
  timeLabel,
  transcriptRows,
  type RecordRow,
} from '../transcript/record-rows';
import { TranscriptFollower, type FollowedTranscript } from '../transcript/transcript-follower';

const TOKEN_TITLES: Readonly<Partial<Record<ByteToken['kind'], string>>> = {
  'bare-lf': 'bare LF: a line feed without CR before it',
  nul: 'NUL byte',
};

const MASKED_TITLE =
  'This line carried a credential. Only its masked form was kept, so these are not the bytes that went out.';

const LABELS: Readonly<Record<Exclude<OutputView, 'terminal'>, string>> = {
  transcript: 'Transcript',
  bytes: 'Exact bytes',
  hex: 'Hex dump (decrypted data, laid out like s_client -debug)',
};

function Row({ row, timestamps }: Readonly<{ row: RecordRow; timestamps: boolean }>) {
  return (
    <div
      className={`record-row record-${row.kind}${row.masked === true ? ' record-masked' : ''}`}
      title={row.masked === true ? MASKED_TITLE : undefined}
    >
      {timestamps ? <span className="record-time">{timeLabel(row.time)}</span> : null}
      <span className="record-gutter">{row.gutter}</span>
      {row.tokens === undefined
        ? row.text
        : row.tokens.map((token, index) => (
            <span key={index} className={`byte-${token.kind}`} title={TOKEN_TITLES[token.kind]}>
              {token.text}
            </span>
          ))}
    </div>
  );
}

/**
 * Shows the session's transcript as readable lines, as exact bytes, or as a hex dump. The rows
 * come from the engine's transcript, so they include exactly what was sent and received.
 */
export function RecordView({
  sessionId,
  view,
}: Readonly<{ sessionId: string; view: Exclude<OutputView, 'terminal'> }>) {
  const { api } = useFeatures();
  const { timestamps } = useTabUi(sessionId);
  const [transcript, setTranscript] = useState<FollowedTranscript | null>(null);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => new TranscriptFollower(api, sessionId, setTranscript).start(), [api, sessionId]);

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [transcript, view]);

  const records = transcript?.records ?? [];
  const from = transcript?.from ?? 0;
  const rows =
    view === 'bytes'
      ? byteRows(records, from)
      : view === 'hex'
        ? hexRows(records, from)
        : transcriptRows(records, from);

  return (
    <div className={`record-view record-view-${view}`} role="region" aria-label={LABELS[view]}>
      {transcript?.truncated === true ? (
        <p className="record-notice">
          Earlier output is not shown here; export the transcript for all of it.
        </p>
      ) : null}
      {transcript?.error == null ? null : (
        <p role="alert" className="command-error">
          Reading the transcript failed: {transcript.error}
        </p>
      )}
      <div className="record-rows">
        {rows.map((row) => (
          <Row key={row.key} row={row} timestamps={timestamps} />
        ))}
        <div ref={endRef} />
      </div>
    </div>
  );
}
