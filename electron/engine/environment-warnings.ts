/**
 * Returns one sentence per environment setting that weakens TLS in this process, for the log at
 * start and a banner in the window. The engine itself does not depend on them, because it passes
 * `rejectUnauthorized: false` explicitly and judges every certificate itself.
 */
export function tlsEnvironmentWarnings(
  environment: Readonly<Record<string, string | undefined>>,
): string[] {
  const warnings: string[] = [];
  if (environment['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
    warnings.push(
      'NODE_TLS_REJECT_UNAUTHORIZED=0 is set. Mailtap still verifies every certificate and marks untrusted ones, but other TLS code in this process would accept any certificate; unset it.',
    );
  }
  return warnings;
}
