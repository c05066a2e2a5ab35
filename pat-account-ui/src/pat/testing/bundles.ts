/// <reference types="node" />
// The account theme's message bundles (themes/.../keycloak-pat/account/messages), read for tests.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bundles = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../themes/src/main/resources/theme/keycloak-pat/account/messages",
);

export function readBundle(locale: string): Map<string, string> {
  const text = readFileSync(join(bundles, `messages_${locale}.properties`), "utf-8");
  const entries = text
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")).trim(), line.slice(line.indexOf("=") + 1)] as [string, string]);
  return new Map(entries);
}
