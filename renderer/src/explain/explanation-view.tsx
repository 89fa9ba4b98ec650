import type { Explanation } from '../../../shared/explain/types';

/** Shows an explained server line: its summary, then each code or hint with its source. */
export function ExplanationView({ explanation }: Readonly<{ explanation: Explanation }>) {
  return (
    <div className={`explanation explanation-${explanation.outcome}`}>
      <p className="explanation-summary">{explanation.summary}</p>
      <dl className="explanation-parts">
        {explanation.parts.map((part) => (
          <div key={part.id} className="explanation-part">
            <dt>
              <code>{part.label}</code> {part.title}
            </dt>
            <dd>
              {part.detail} <cite>{part.source}</cite>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
