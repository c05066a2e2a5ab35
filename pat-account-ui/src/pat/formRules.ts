// The rules of the page's forms: the expiry choices offered by the realm policy, validating and building
// the create request, the roles a token can be limited to, and the grace choices of a regeneration.
// No React, unit-tested.

import type { CreateRequest, TokenOptions } from "./api";

export const NAME_MAX_LENGTH = 100;

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

/** The POST body (docs/api.md, "Self-service API"): expirationDays, expiresAt, or neither for "no expiration". */
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

// ---- regeneration ----------------------------------------------------------------------------

/** The grace periods a regeneration offers: none, 1 hour, 1 day, each only if the policy allows it. */
export const GRACE_CHOICES_SECONDS = [0, 3600, 86_400];

export function graceChoices(options: Pick<TokenOptions, "rotationGraceMaxSeconds"> | undefined): number[] {
  const max = options?.rotationGraceMaxSeconds ?? 0;
  return GRACE_CHOICES_SECONDS.filter((s) => s <= max);
}
