import type { ProtocolId } from '../../../shared/presets';
import {
  hasInitialResponse,
  planAuth,
  type AuthPlan,
  type AuthTarget,
} from '../../../shared/sasl/plan';
import {
  SASL_MECHANISMS,
  type AuthMethod,
  type AuthRequest,
  type AuthStartRequest,
  type SaslMechanism,
  type SecretSource,
} from '../../../shared/sasl/types';

/** One entry of the helper's Method list. */
export interface MethodChoice {
  /** The option value: `sasl:PLAIN`, `imap-login`, `pop3-user` or `pop3-apop`. */
  readonly id: string;
  readonly label: string;
  readonly method: AuthMethod;
  readonly mechanism: SaslMechanism;
}

function saslChoices(verb: string): MethodChoice[] {
  return SASL_MECHANISMS.map((mechanism) => ({
    id: `sasl:${mechanism}`,
    label: `${verb} ${mechanism}`,
    method: 'sasl',
    mechanism,
  }));
}

/** Returns the login methods of a protocol, the most common first, and none for raw sessions. */
export function methodChoices(protocol: ProtocolId): MethodChoice[] {
  switch (protocol) {
    case 'smtp':
      return saslChoices('AUTH');
    case 'imap':
      return [
        { id: 'imap-login', label: 'LOGIN', method: 'imap-login', mechanism: 'PLAIN' },
        ...saslChoices('AUTHENTICATE'),
      ];
    case 'pop3':
      return [
        { id: 'pop3-user', label: 'USER and PASS', method: 'pop3-user', mechanism: 'PLAIN' },
        { id: 'pop3-apop', label: 'APOP', method: 'pop3-apop', mechanism: 'PLAIN' },
        ...saslChoices('AUTH'),
      ];
    case 'raw':
      return [];
  }
}

/** The form fields that apply to a method. */
export interface FieldSet {
  readonly authzid: boolean;
  readonly initialResponse: boolean;
  readonly loginCharset: boolean;
  readonly tag: boolean;
  /** True for XOAUTH2 and OAUTHBEARER, whose secret is an access token. */
  readonly token: boolean;
}

export function fieldsFor(protocol: ProtocolId, choice: MethodChoice): FieldSet {
  const sasl = choice.method === 'sasl';
  return {
    authzid: sasl && (choice.mechanism === 'PLAIN' || choice.mechanism.startsWith('SCRAM-')),
    initialResponse: sasl && hasInitialResponse(choice.mechanism),
    loginCharset: sasl && choice.mechanism === 'LOGIN',
    tag: protocol === 'imap',
    token: sasl && (choice.mechanism === 'XOAUTH2' || choice.mechanism === 'OAUTHBEARER'),
  };
}

/** The values of the helper's form; the secret is kept apart, outside any rendered value. */
export interface AuthFormValues {
  readonly choiceId: string;
  readonly tag: string;
  readonly authzid: string;
  readonly username: string;
  readonly initialResponse: boolean;
  readonly loginCharset: AuthRequest['loginCharset'];
  /** Log in with the saved connection's stored password, where the tab offers one. */
  readonly useSavedPassword: boolean;
}

export const INITIAL_AUTH_FORM: AuthFormValues = {
  choiceId: '',
  tag: 'A1',
  authzid: '',
  username: '',
  initialResponse: true,
  loginCharset: 'utf-8',
  useSavedPassword: true,
};

/** Placeholder for a stored password in the preview. The preview masks it, and it is never sent. */
const STORED_PASSWORD_STAND_IN = 'stored-password';

/**
 * Builds the request the engine gets from the form values and the method. The secret is the
 * typed one, or, when `savedConnectionId` is set, that connection's stored password, which the
 * engine reads itself.
 */
export function buildAuthStart(
  values: AuthFormValues,
  secret: string,
  choice: MethodChoice,
  fields: FieldSet,
  savedConnectionId: string | null,
): AuthStartRequest {
  const secretSource: SecretSource =
    savedConnectionId === null
      ? { kind: 'typed', secret }
      : { kind: 'saved-connection', connectionId: savedConnectionId };
  return {
    method: choice.method,
    mechanism: choice.mechanism,
    initialResponse: fields.initialResponse && values.initialResponse,
    authzid: fields.authzid ? values.authzid : '',
    username: values.username,
    secretSource,
    loginCharset: values.loginCharset,
    tag: fields.tag ? values.tag : '',
  };
}

/**
 * Plans the preview of a request. With a stored password the renderer has no secret, so the
 * lines are planned with a stand-in, which they show masked, and nothing is offered to copy.
 * NOTE: IMAP LOGIN sends a password with non-ASCII characters as a literal, so for such a stored
 * password the engine sends `{n}` lines that this preview does not show.
 */
export function previewAuth(start: AuthStartRequest, target: AuthTarget): AuthPlan {
  const { secretSource, ...settings } = start;
  if (secretSource.kind === 'typed') {
    return planAuth({ ...settings, secret: secretSource.secret }, target);
  }
  const plan = planAuth({ ...settings, secret: STORED_PASSWORD_STAND_IN }, target);
  return plan.ok ? { ...plan, copyValues: [] } : plan;
}

/** Returns the tag after `tag`: `A1` becomes `A2`, `x9` becomes `x10`, `a` becomes `a1`. */
export function nextTag(tag: string): string {
  const match = /^(.*?)(\d+)$/.exec(tag);
  return match === null ? `${tag}1` : `${match[1]}${Number(match[2]) + 1}`;
}
