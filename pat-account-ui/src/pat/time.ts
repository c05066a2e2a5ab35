// Time formatting of the personal-access-tokens page: relative and absolute dates, the "Expires" and
// "Last used" columns. Localised by Intl; no React, unit-tested.

import type { TokenView } from "./api";

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
