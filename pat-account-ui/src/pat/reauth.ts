// Creating a token needs a recent login (docs/api.md, "Security guarantees"): the server answers 401
// `reauthentication_required` when the user's sign-in is older than the realm allows. The page then says so, sends the
// user through Keycloak's login again (prompt=login), and on the way back re-opens the create dialog with what was
// typed. The intent is kept in sessionStorage (this tab only, gone with it); never the token, which does not exist yet.
// Regenerating needs the same recent login; its way back is the page's `?regenerate=<tokenId>` address, which
// opens that token's Regenerate dialog again.

import { ApiError } from "./api";
import type { CreateForm } from "./formRules";

export const REAUTH_INTENT_KEY = "keycloak-pat.reauth-create";
/** An intent older than this is stale (the user gave up on the login page and came back later). */
export const REAUTH_INTENT_MAX_AGE_MS = 15 * 60 * 1000;

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

type Intent = { action: "create"; at: number; form?: CreateForm };

/** Whether a failed create asks for a fresh sign-in. */
export function isReauthenticationRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.error === "reauthentication_required";
}

/** Remembers that the user was creating a token (and what they had typed) before the login redirect. */
export function rememberCreateIntent(storage: StorageLike, form: CreateForm | undefined, now = Date.now()): void {
  const intent: Intent = { action: "create", at: now, form };
  try {
    storage.setItem(REAUTH_INTENT_KEY, JSON.stringify(intent));
  } catch {
    // storage full or disabled: after the login the user opens the dialog again themselves
  }
}

/**
 * Takes (reads and forgets) a remembered create intent. `undefined` when there is none or it is stale;
 * else the typed form, if it can be read back (`form` undefined: open an empty dialog).
 */
export function takeCreateIntent(storage: StorageLike, now = Date.now()): { form?: CreateForm } | undefined {
  let text: string | null;
  try {
    text = storage.getItem(REAUTH_INTENT_KEY);
    storage.removeItem(REAUTH_INTENT_KEY);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  let intent: Partial<Intent>;
  try {
    intent = JSON.parse(text) as Partial<Intent>;
  } catch {
    return undefined;
  }
  if (intent?.action !== "create" || typeof intent.at !== "number") return undefined;
  if (now - intent.at > REAUTH_INTENT_MAX_AGE_MS || intent.at - now > 60_000) return undefined;
  return { form: readForm(intent.form) };
}

function readForm(raw: unknown): CreateForm | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const f = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    name: text(f.name),
    teamId: text(f.teamId),
    expiration: text(f.expiration),
    customDate: text(f.customDate),
    write: f.write === true,
    roles: Array.isArray(f.roles) ? f.roles.filter((r): r is string => typeof r === "string") : [],
  };
}

/** The keycloak-js login options for the fresh sign-in: always ask for credentials, come back here. */
export function reauthLoginOptions(returnUrl: string): { prompt: "login"; redirectUri: string } {
  return { prompt: "login", redirectUri: returnUrl };
}

/** Remembers the intent, then starts the login (keycloak-js `login`, which leaves the page). */
export async function startReauthentication(
  storage: StorageLike,
  form: CreateForm | undefined,
  login: (options: { prompt: "login"; redirectUri: string }) => Promise<unknown>,
  returnUrl: string,
): Promise<void> {
  rememberCreateIntent(storage, form);
  await login(reauthLoginOptions(returnUrl));
}

// ---- regenerating ---------------------------------------------------------------------------

/** `?regenerate=<tokenId>` opens that token's Regenerate dialog (the expiry reminder mail links there). */
export const REGENERATE_PARAM = "regenerate";

/** The page's address with `?regenerate=<tokenId>`: where a fresh sign-in for regenerating comes back to. */
export function regenerateUrl(pageUrl: string, tokenId: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set(REGENERATE_PARAM, tokenId);
  url.hash = "";
  return url.toString();
}
