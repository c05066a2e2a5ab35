// Pure helpers of the personal-access-tokens page: time formatting, the expiry choices offered
// by the realm policy, and building/validating the create request. No React, unit-tested.

import type { CreateRequest, TokenOptions, TokenView } from "./api";

export const NAME_MAX_LENGTH = 100;
const DAY = 24 * 60 * 60;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** "in 3 days", "2 hours ago", "now"... localised by Intl. */
export function relativeTime(epochSeconds: number, locale: string, now = nowSeconds()): string {
  const diff = epochSeconds - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (abs < 60) return rtf.format(0, "second");
  // rounded: a 30-day token created a second ago expires "in 30 days", not "in 29 days"
  if (abs < 3570) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < DAY - 1800) return rtf.format(Math.round(diff / 3600), "hour");
  if (abs < 45 * DAY) return rtf.format(Math.round(diff / DAY), "day");
  if (abs < 365 * DAY) return rtf.format(Math.round(diff / (30 * DAY)), "month");
  return rtf.format(Math.round(diff / (365 * DAY)), "year");
}

/** Absolute date (and time when asked), localised. */
export function formatDate(epochSeconds: number, locale: string, withTime = false): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
  }).format(new Date(epochSeconds * 1000));
}

export type ExpiryDisplay =
  | { kind: "never" }
  | { kind: "expired"; absolute: string }
  | { kind: "expires"; relative: string; absolute: string; soon: boolean };

/** What the "Expires" column shows for a token. */
export function expiryDisplay(token: Pick<TokenView, "expiresAt" | "status">, locale: string, now = nowSeconds()): ExpiryDisplay {
  if (token.expiresAt == null) {
    return token.status === "expired" ? { kind: "expired", absolute: "" } : { kind: "never" };
  }
  const absolute = formatDate(token.expiresAt, locale);
  if (token.status === "expired" || token.expiresAt <= now) return { kind: "expired", absolute };
  return {
    kind: "expires",
    relative: relativeTime(token.expiresAt, locale, now),
    absolute,
    soon: token.expiresAt - now < 7 * DAY,
  };
}

/** "Never used" (null) or relative time of the last use. */
export function lastUsedDisplay(lastUsedAt: number | null, locale: string, now = nowSeconds()): string | null {
  return lastUsedAt == null ? null : relativeTime(lastUsedAt, locale, now);
}

// ---- expiration choices ----------------------------------------------------------------------

export const CUSTOM = "custom";
export const NEVER = "never";

export type ExpirationChoice = { value: string; days?: number };

/** The expiration select's choices: policy days, "custom date", and "never" when allowed. */
export function expirationChoices(options: Pick<TokenOptions, "expirationDays" | "allowNoExpiration" | "maxLifetimeDays">): ExpirationChoice[] {
  const max = maxDays(options);
  const days = [...new Set(options.expirationDays ?? [])]
    .filter((d) => d > 0 && (max == null || d <= max))
    .sort((a, b) => a - b);
  const choices: ExpirationChoice[] = days.map((d) => ({ value: String(d), days: d }));
  choices.push({ value: CUSTOM });
  if (options.allowNoExpiration) choices.push({ value: NEVER });
  return choices;
}

export function defaultExpiration(choices: ExpirationChoice[]): string {
  return (choices.find((c) => c.days === 30) ?? choices[0]).value;
}

function maxDays(options: Pick<TokenOptions, "maxLifetimeDays">): number | null {
  const m = options.maxLifetimeDays;
  return m != null && m > 0 ? m : null;
}

/** yyyy-mm-dd of a local date. */
export function isoDate(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

/** Bounds for the custom date input: from tomorrow up to today + maxLifetimeDays. */
export function customDateBounds(options: Pick<TokenOptions, "maxLifetimeDays">, today = new Date()): { min: string; max?: string } {
  const min = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  const m = maxDays(options);
  const max = m == null ? undefined : new Date(today.getFullYear(), today.getMonth(), today.getDate() + m);
  return { min: isoDate(min), max: max && isoDate(max) };
}

/** Start (local midnight) of a yyyy-mm-dd date, in epoch seconds; undefined if malformed. */
export function dateToEpochSeconds(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (isNaN(d.getTime()) || d.getDate() !== Number(m[3])) return undefined;
  return Math.floor(d.getTime() / 1000);
}

/** Whether a new token needs a team: the realm has teams (or the caller is in some). */
export function teamNeeded(options: Pick<TokenOptions, "teams" | "teamRequired">): boolean {
  return options.teamRequired === true || options.teams.length > 0;
}

/** The caller cannot create any token: the realm needs a team and the caller is in none. */
export function cannotCreate(options: Pick<TokenOptions, "teams" | "teamRequired">): boolean {
  return teamNeeded(options) && options.teams.length === 0;
}

// ---- the create form -------------------------------------------------------------------------

export type CreateForm = {
  name: string;
  teamId: string;
  expiration: string; // days as a string, CUSTOM or NEVER
  customDate: string; // yyyy-mm-dd when expiration === CUSTOM
  write: boolean;
  roles: string[]; // empty = no narrowing
};

/** Message keys of what is wrong with the form, by field. */
export type FormErrors = Partial<Record<"name" | "teamId" | "expiration" | "customDate", string>>;

export function validateForm(form: CreateForm, options: TokenOptions, today = new Date()): FormErrors {
  const errors: FormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = "patNameRequired";
  else if (name.length > NAME_MAX_LENGTH) errors.name = "patNameTooLong";
  if (teamNeeded(options) && !options.teams.some((t) => t.id === form.teamId)) {
    errors.teamId = "patTeamRequired";
  }
  const choices = expirationChoices(options);
  if (!choices.some((c) => c.value === form.expiration)) {
    errors.expiration = "patExpirationRequired";
  } else if (form.expiration === CUSTOM) {
    const { min, max } = customDateBounds(options, today);
    if (dateToEpochSeconds(form.customDate) === undefined) errors.customDate = "patCustomDateRequired";
    else if (form.customDate < min || (max && form.customDate > max)) errors.customDate = "patCustomDateOutOfRange";
  }
  return errors;
}

/** The POST body (contract §3): expirationDays, expiresAt, or neither for "no expiration". */
export function buildCreateRequest(form: CreateForm, options: TokenOptions): CreateRequest {
  const request: CreateRequest = { name: form.name.trim(), write: options.writeAllowed && form.write };
  if (options.teams.length > 0 && form.teamId) request.teamId = form.teamId;
  if (form.expiration === CUSTOM) {
    request.expiresAt = dateToEpochSeconds(form.customDate);
  } else if (form.expiration !== NEVER) {
    request.expirationDays = Number(form.expiration);
  }
  const roles = form.roles.filter((r) => options.grantableRoles.includes(r));
  if (roles.length > 0) request.roles = roles;
  return request;
}

// ---- role narrowing --------------------------------------------------------------------------

export type RoleGroup = { client: string | null; roles: { key: string; label: string }[] };

/**
 * The grantable roles (`"realm-role"` or `"client-id/client-role"`) grouped as the create dialog
 * shows them: realm roles first, then one group per client, each sorted by name.
 */
export function groupRoles(keys: string[]): RoleGroup[] {
  const realm: RoleGroup = { client: null, roles: [] };
  const clients = new Map<string, RoleGroup>();
  for (const key of [...new Set(keys)]) {
    const slash = key.indexOf("/");
    if (slash <= 0) {
      realm.roles.push({ key, label: key });
      continue;
    }
    const client = key.slice(0, slash);
    const group = clients.get(client) ?? { client, roles: [] };
    group.roles.push({ key, label: key.slice(slash + 1) });
    clients.set(client, group);
  }
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  const groups = [...clients.values()].sort((a, b) => a.client!.localeCompare(b.client!));
  return [realm, ...groups].filter((g) => g.roles.length > 0).map((g) => ({ ...g, roles: g.roles.sort(byLabel) }));
}
