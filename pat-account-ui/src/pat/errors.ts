// Turns a failed API call into words for the user: a message of the theme's bundle when the error
// code says it all (so it is translated), else the server's own errorDescription, else the status.

import { ApiError } from "./api";

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Error codes of the self-service API (docs/api.md, "Self-service API") with a message of their own. */
const MESSAGES: Record<string, { key: string; needs?: string }> = {
  duplicate_name: { key: "patErrorDuplicateName", needs: "name" },
  too_many_tokens: { key: "patErrorTooManyTokens", needs: "max" },
  write_not_allowed: { key: "patErrorWriteNotAllowed" },
  invalid_team: { key: "patErrorInvalidTeam" },
  pat_not_allowed: { key: "patErrorPatNotAllowed" },
  reauthentication_required: { key: "patErrorReauthRequired" },
  too_many_requests: { key: "patErrorTooManyCreations" },
  already_rotated: { key: "patErrorAlreadyRotated" },
};

/**
 * What to tell the user about `error`. `context` fills the placeholders of the message, e.g.
 * `{ name }` for a duplicate name, `{ max }` for too many tokens.
 */
export function describeError(error: unknown, t: Translate, context: Record<string, unknown> = {}): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("patErrorNetwork");
    const message = MESSAGES[error.error];
    if (message && (!message.needs || context[message.needs] != null)) return t(message.key, context);
    if (error.errorDescription) return error.errorDescription;
    if (error.status === 401) return t("patErrorUnauthorized");
    if (error.status === 403) return t("patErrorForbidden");
    if (error.status === 404) return t("patErrorNotFound");
    if (error.status >= 500) return t("patErrorServer", { status: error.status });
    return t("patErrorStatus", { status: error.status, error: error.error });
  }
  if (error instanceof Error && error.message) return error.message;
  return t("patErrorUnknown");
}
