import { decodeBase64, encodeBase64, encodeUtf8 } from '../../../shared/encoding/base64';
import { bytesToVisibleText } from '../../../shared/sasl/challenge-text';
import type { CramMd5Computation } from '../../../shared/sasl/types';
import { cramMd5Digest } from './sasl-crypto';

/**
 * Computes the CRAM-MD5 response (RFC 2195) to a challenge pasted by the user, with each
 * intermediate value, so a digest computed elsewhere can be compared step by step. The request
 * validation has already checked that the challenge is base64.
 */
export function computeCramMd5(
  challenge: string,
  username: string,
  secret: string,
): CramMd5Computation {
  const decoded = decodeBase64(challenge.trim());
  const challengeBytes = decoded.ok ? decoded.bytes : new Uint8Array(0);
  const digestHex = cramMd5Digest(secret, challengeBytes);
  const responseText = `${username} ${digestHex}`;
  return {
    challengeText: bytesToVisibleText(challengeBytes).text,
    digestHex,
    responseText,
    responseBase64: encodeBase64(encodeUtf8(responseText)),
  };
}
