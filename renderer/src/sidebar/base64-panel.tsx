import { useId, useState } from 'react';

import { SECRET_MASK } from '../../../shared/protocol/secrets';
import {
  encodeEscapedText,
  formatHex,
  inspectBase64,
  type ByteSegment,
} from '../../../shared/sasl/base64-inspector';
import { CopyButton } from './copy-button';

/** Renders decoded bytes with every escape (NUL, ^A, \n) marked, so the structure is easy to see. */
function Segments({ segments }: Readonly<{ segments: readonly ByteSegment[] }>) {
  return (
    <code className="b64-bytes">
      {segments.map((segment, index) =>
        segment.kind === 'escape' ? (
          <mark key={index} className="b64-escape">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </code>
  );
}

/**
 * Renders the base64 inspector. A pasted string appears decoded with NUL and control bytes
 * visible, with the SASL message it contains and the usual mistakes. Text with explicit `\0`
 * escapes can be encoded. Decoded secrets (a PLAIN password, a token) stay masked until the user
 * ticks the box that shows them.
 */
export function Base64Panel() {
  const id = useId();
  const [input, setInput] = useState('');
  const [showSecrets, setShowSecrets] = useState(false);
  const [plain, setPlain] = useState('');

  const inspection = input.trim() === '' ? null : inspectBase64(input);
  const hasSecret = inspection?.message?.fields.some((field) => field.secret) === true;
  const revealed = showSecrets || !hasSecret;
  const encoded = plain === '' ? null : encodeEscapedText(plain);

  return (
    <div className="b64-panel">
      <h3>Decode</h3>
      <label htmlFor={`${id}-input`}>Base64 to decode</label>
      <textarea
        id={`${id}-input`}
        rows={3}
        value={input}
        spellCheck={false}
        autoComplete="off"
        placeholder="AUTH PLAIN AGFsaWNlAHMzY3JldA== or 334 VXNlcm5hbWU6"
        onChange={(event) => setInput(event.target.value)}
      />
      {inspection === null ? null : (
        <div aria-label="Decoded" role="region">
          {inspection.findings.length === 0 ? null : (
            <ul className="b64-findings">
              {inspection.findings.map((finding) => (
                <li key={finding.text} className={`b64-${finding.level}`}>
                  {finding.text}
                </li>
              ))}
            </ul>
          )}
          {inspection.message === null ? null : (
            <dl>
              <dt>Message</dt>
              <dd>{inspection.message.name}</dd>
              {inspection.message.fields.map((field) => (
                <div key={field.label} className="b64-field">
                  <dt>{field.label}</dt>
                  <dd>
                    {field.secret && !revealed ? (
                      <code>{SECRET_MASK}</code>
                    ) : (
                      <Segments segments={field.segments} />
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {hasSecret ? (
            <label className="auth-check">
              <input
                type="checkbox"
                checked={showSecrets}
                onChange={(event) => setShowSecrets(event.target.checked)}
              />
              Show the decoded secret
            </label>
          ) : null}
          {inspection.bytes === null || !revealed ? null : (
            <dl>
              <dt>Text</dt>
              <dd>
                <Segments segments={inspection.segments} />
              </dd>
              <dt>Hex</dt>
              <dd>
                <code className="b64-hex">{formatHex(inspection.bytes)}</code>
              </dd>
            </dl>
          )}
        </div>
      )}

      <h3>Encode</h3>
      <label htmlFor={`${id}-plain`}>Text to encode</label>
      <input
        id={`${id}-plain`}
        value={plain}
        spellCheck={false}
        autoComplete="off"
        placeholder="\0alice@example.com\0s3cret"
        onChange={(event) => setPlain(event.target.value)}
      />
      <p className="auth-when">
        \0 is one NUL byte (so \01 is NUL then 1), \xHH a byte, \n \r \t, and \\ a backslash. UTF-8,
        never wrapped, no trailing newline.
      </p>
      {encoded === null ? null : encoded.ok ? (
        <dl>
          <dt>Hex</dt>
          <dd>
            <code className="b64-hex">{formatHex(encoded.bytes)}</code>
          </dd>
          <dt>Base64</dt>
          <dd>
            <code className="b64-bytes">{encoded.base64}</code>
            <CopyButton label="base64" value={encoded.base64} />
          </dd>
        </dl>
      ) : (
        <p role="alert" className="auth-error">
          {encoded.problem}
        </p>
      )}
    </div>
  );
}
