import { headerLines, type ExportContext } from './export-header';
import { formatTextLine } from './text-export';
import type { TranscriptLine } from './transcript-lines';

/**
 * The page may load nothing and run nothing: no scripts, images, fonts or connections, only its
 * own inline style sheet. A transcript holds server-controlled text, so even a mistake in the
 * escaping below could not run code.
 */
export const HTML_EXPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
body { margin: 1.5rem; background: #fff; color: #1b1f24; font: 14px/1.45 system-ui, sans-serif; }
h1 { font-size: 1.1rem; }
.header { color: #444; }
.warning { color: #a40000; font-weight: bold; }
pre { font: 13px/1.4 ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.s { color: #1b1f24; }
.c { color: #00587a; font-weight: bold; }
.note { color: #6b6f76; }
.note.warning, .note.error { color: #a40000; font-weight: normal; }
.tls { color: #1a6b2a; background: #eaf6ec; }
.credential { background: #ffe3e3; }
.masked { background: #fff4d6; }
`;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

function lineClass(line: TranscriptLine): string {
  const classes: string[] = [
    line.source === 'server' ? 's' : line.source === 'client' ? 'c' : line.source,
  ];
  if (line.level !== undefined && line.level !== 'info') {
    classes.push(line.level);
  }
  if (line.credential === true) {
    classes.push('credential');
  }
  if (line.masked === true) {
    classes.push('masked');
  }
  return classes.join(' ');
}

/**
 * Renders a transcript as one self-contained HTML page. The lines are the text export's lines,
 * so text copied from the page matches the text export.
 */
export function renderHtmlTranscript(
  lines: readonly TranscriptLine[],
  context: ExportContext,
  timestamps: boolean,
): string {
  const [title, ...rest] = headerLines(context);
  const header = rest
    .map(
      (line) =>
        `<p class="${line.startsWith('WARNING') ? 'warning' : 'header'}">${escapeHtml(line)}</p>`,
    )
    .join('\n');
  const body = lines
    .map(
      (line) =>
        `<span class="${lineClass(line)}">${escapeHtml(formatTextLine(line, timestamps))}</span>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(HTML_EXPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title ?? 'Mailtap transcript')}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title ?? 'Mailtap transcript')}</h1>
${header}
<pre>
${body}
</pre>
</body>
</html>
`;
}
