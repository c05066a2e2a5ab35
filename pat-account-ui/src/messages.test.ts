/// <reference types="node" />
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readBundle } from "./pat/testing/bundles";

// Every text the page shows comes from the theme's message bundles: check that each message key
// the code uses exists in English and German, and that both bundles have the same keys.

const here = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.includes(".test.") ? [path] : [];
  });
}

/** Keys of our page: string literals "pat…" and the page title, as the code passes them to t(). */
const usedKeys = [
  ...new Set(
    sources(here).flatMap((file) =>
      [...readFileSync(file, "utf-8").matchAll(/"(pat[A-Z]\w*|personalAccessTokens)"/g)].map((m) => m[1]),
    ),
  ),
];

const en = readBundle("en");
const de = readBundle("de");

describe("message bundles", () => {
  it("find the keys the code uses", () => {
    expect(usedKeys.length).toBeGreaterThan(50);
    expect(usedKeys).toContain("patCreatedWarning");
  });

  it.each([
    ["en", en],
    ["de", de],
  ])("%s has a text for every key the page uses", (_locale, bundle) => {
    const missing = usedKeys.filter((key) => !bundle.has(key) && !(bundle.has(`${key}_one`) && bundle.has(`${key}_other`)));
    expect(missing).toEqual([]);
  });

  it("en and de have the same keys and the same placeholders", () => {
    expect([...de.keys()].sort()).toEqual([...en.keys()].sort());
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of en) {
      expect(placeholders(de.get(key) ?? ""), key).toEqual(placeholders(text));
    }
  });

  it("has no empty texts", () => {
    for (const [key, text] of [...en, ...de]) expect(text.trim(), key).not.toBe("");
  });
});
