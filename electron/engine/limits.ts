import { MAX_TRACKED_LINE_BYTES } from '../../shared/protocol/line-buffer';
import type { Deadlines, SessionLimits } from '../../shared/session';

/**
 * Default deadlines. Each is absolute for its phase, so a server that trickles one byte at a
 * time cannot stretch it.
 */
export const DEFAULT_DEADLINES: Deadlines = {
  /** A resolver that has not answered in 10 s is broken for interactive use. */
  dnsMs: 10_000,
  /** Whole TCP phase over all candidate addresses. */
  connectMs: 30_000,
  /** RFC 5321, section 4.5.3.2.1 asks clients to wait 5 minutes for the SMTP greeting, and
   * anti-spam greeting delays of 20 s or more are common. */
  greetingMs: 5 * 60_000,
  handshakeMs: 30_000,
  /** Reply to a command the engine sent itself (EHLO, STARTTLS, CAPABILITY, CAPA); RFC 5321
   * suggests 5 minutes for most SMTP commands. */
  replyMs: 5 * 60_000,
  /** No complete line in either direction for this long ends the session. Servers drop idle
   * clients sooner (Postfix after 300 s), so this only ends sessions left unattended. */
  idleMs: 30 * 60_000,
};

/**
 * Silence after the TCP connection opened, before the terminal suggests implicit TLS. Most
 * servers greet within a second, but on an implicit-TLS port a plaintext client would wait the
 * whole greeting deadline (5 minutes) without a hint. Servers that delay their greeting on
 * purpose also trigger it, so it is a note, not an error.
 */
export const GREETING_SILENCE_HINT_MS = 10_000;

/**
 * RFC 8305, section 5 recommends 250 ms between connection attempts to successive addresses:
 * short enough that a black-holed IPv6 path costs little, long enough not to double every
 * connection on a healthy network.
 */
export const CONNECTION_ATTEMPT_DELAY_MS = 250;

/**
 * getaddrinfo calls the engine starts at once. libuv runs lookups on at most half of its thread
 * pool (two of four threads by default) and queues the rest, where a lookup cannot be withdrawn.
 * Holding lookups back here instead lets one whose session gave up leave the queue unrun.
 */
export const MAX_CONCURRENT_SYSTEM_LOOKUPS = 2;

/**
 * Output is coalesced for one frame at 60 Hz before it is sent to the renderer: the terminal
 * cannot show it sooner, and a flood fills a batch well before the timer fires.
 */
export const OUTPUT_FLUSH_INTERVAL_MS = 16;
/**
 * A batch is sent at once when it reaches this size. The renderer formats a batch in one task,
 * and 64 KiB of binary, the slowest input because every byte becomes an escape, takes about 7 ms
 * in Chromium on a 2-core Xeon. Per-batch costs are small at this size: the 800 frames of a
 * 50 MiB stream decode in about 25 ms (docs/benchmarks.md).
 */
export const OUTPUT_BATCH_MAX_BYTES = 64 * 1024;
/**
 * Above this many server bytes sent to the renderer and not yet acknowledged, the engine stops
 * reading the socket; below the low watermark it reads again. When reading resumes, the
 * renderer must still have work until the next batch arrives, or it idles. At about 30 MiB/s
 * (its rate in docs/benchmarks.md) 1 MiB lasts about 33 ms, longer than the median round trip
 * of an acknowledgement measured on a loaded 2-core machine (20 to 45 ms at 512 KiB). A line
 * typed during a flood appears after at most the 2 MiB queued, which Chromium wrote in about
 * half a second even as binary, where every byte becomes an escape of up to four characters.
 */
export const UNACKED_HIGH_WATERMARK_BYTES = 2 * 1024 * 1024;
export const UNACKED_LOW_WATERMARK_BYTES = 1024 * 1024;

/** Longest line the user may send, in bytes after UTF-8 encoding. Far above any protocol
 * limit on purpose: testing a server's line-length limit is a legitimate use. */
export const MAX_INPUT_LINE_BYTES = 1024 * 1024;

/** After a local close, the socket gets this long to finish its FIN/close_notify exchange. */
export const CLOSE_GRACE_MS = 2_000;

/**
 * Largest CA file the engine reads. Debian 12's bundle of every public root
 * (/etc/ssl/certs/ca-certificates.crt, 150 certificates) has about 220 KiB, so 4 MiB leaves
 * room for large private bundles while a device such as /dev/zero is rejected before reading.
 */
export const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** Transcript bytes kept per session; past this, records are counted but not kept. */
export const TRANSCRIPT_MAX_BYTES = 64 * 1024 * 1024;

/** Default per-session caps, from the named constants above. */
export const DEFAULT_LIMITS: SessionLimits = {
  maxTrackedLineBytes: MAX_TRACKED_LINE_BYTES,
  maxInputLineBytes: MAX_INPUT_LINE_BYTES,
  unackedHighWatermarkBytes: UNACKED_HIGH_WATERMARK_BYTES,
  unackedLowWatermarkBytes: UNACKED_LOW_WATERMARK_BYTES,
  transcriptMaxBytes: TRANSCRIPT_MAX_BYTES,
  connectionAttemptDelayMs: CONNECTION_ATTEMPT_DELAY_MS,
};

/** Tag prefix for IMAP commands the engine sends itself, unlikely to collide with a user's. */
export const ENGINE_IMAP_TAG_PREFIX = 'MT';

/**
 * Framing warnings (POP3 stray lines, SMTP replies outside the grammar) shown per session. A
 * hostile server can produce one per short line, so past this count they are only counted.
 */
export const MAX_FRAMING_WARNINGS = 20;
