package dev.keycloakpat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of {@link PatToken#parse(String)} with a few hundred thousand generated inputs:
 * mutations of valid tokens and random strings. For every input: parse never throws; it accepts exactly what an
 * independent oracle (prefix, length, base62 alphabet, CRC32 checksum written here from the API reference, not from
 * the production code) accepts; every accepted input round-trips ({@code encode()} gives the input back).
 * Seeds are fixed and printed, so a failure can be replayed.
 */
class PatTokenFuzzTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long SEED = Long.getLong("kcpat.fuzz.seed", 20261201L);

    @Test
    void mutationsOfValidTokensAreAcceptedOnlyWhenTheOracleAcceptsThem() {
        Random random = new Random(SEED);
        List<Function<String, String>> mutations = mutations(random);
        int accepted = 0;
        int total = 0;
        for (int i = 0; i < 20_000; i++) {
            String valid = PatToken.generate().encode();
            check(valid, true);
            for (Function<String, String> mutation : mutations) {
                String mutated = mutation.apply(valid);
                if (check(mutated, null)) {
                    accepted++;
                }
                total++;
            }
        }
        System.out.printf("PatToken fuzz (seed %d): %d mutated tokens, %d accepted (all were exactly valid tokens)%n",
                SEED, total, accepted);
        assertTrue(total >= 200_000, "a few hundred thousand inputs");
    }

    @Test
    void singleCharacterTyposAndSwapsAreAlwaysRefused() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 20_000; i++) {
            String valid = PatToken.generate().encode();
            char[] c = valid.toCharArray();
            int pos = 6 + random.nextInt(c.length - 6);
            char replacement;
            do {
                replacement = ALPHABET.charAt(random.nextInt(62));
            } while (replacement == c[pos]);
            c[pos] = replacement;
            assertRefused(new String(c), "one character changed at " + pos);

            char[] s = valid.toCharArray();
            int p = 6 + random.nextInt(s.length - 7);
            if (s[p] != s[p + 1]) {
                char t = s[p];
                s[p] = s[p + 1];
                s[p + 1] = t;
                assertRefused(new String(s), "adjacent characters swapped at " + p);
            }
        }
    }

    @Test
    void randomStringsNeverThrowAndAreAcceptedOnlyWhenWellFormed() {
        Random random = new Random(SEED + 2);
        int total = 0;
        for (int i = 0; i < 100_000; i++) {
            check(randomString(random), null);
            total++;
        }
        // right prefix, length and alphabet, random checksum: practically never valid, and the oracle decides
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder("kcpat_");
            for (int j = 0; j < PatToken.LENGTH - 6; j++) {
                b.append(ALPHABET.charAt(random.nextInt(62)));
            }
            check(b.toString(), null);
            total++;
        }
        // well-formed body with the right checksum computed by the oracle: must be accepted
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder("kcpat_");
            for (int j = 0; j < PatToken.PUBLIC_ID_LENGTH + PatToken.SECRET_LENGTH; j++) {
                b.append(ALPHABET.charAt(random.nextInt(62)));
            }
            check(b + oracleChecksum(b.toString()), true);
            total++;
        }
        check(null, false);
        System.out.printf("PatToken fuzz (seed %d): %d random strings checked%n", SEED, total);
    }

    /** Parses {@code input}, compares with the oracle (and with {@code expected} when given); returns acceptance. */
    private static boolean check(String input, Boolean expected) {
        Optional<PatToken> parsed;
        try {
            parsed = PatToken.parse(input);
        } catch (RuntimeException e) {
            fail("parse threw " + e + " for " + describe(input));
            return false;
        }
        boolean oracle = oracleAccepts(input);
        if (parsed.isPresent() != oracle) {
            fail("parse %s but the oracle %s: %s".formatted(parsed.isPresent() ? "accepted" : "refused",
                    oracle ? "accepts" : "refuses", describe(input)));
        }
        if (expected != null) {
            assertEquals(expected, parsed.isPresent(), () -> describe(input));
        }
        if (parsed.isPresent()) {
            PatToken t = parsed.get();
            assertEquals(input, t.encode(), "an accepted token round-trips");
            assertEquals(input.substring(6, 18), t.publicId());
            assertEquals(input.substring(18, 50), t.secret());
            assertTrue(!t.toString().contains(t.secret()), "toString never shows the secret");
        }
        return parsed.isPresent();
    }

    private static void assertRefused(String input, String what) {
        assertTrue(PatToken.parse(input).isEmpty(), () -> what + ": " + describe(input));
        assertTrue(!oracleAccepts(input), "oracle agrees");
    }

    /**
     * The token format (docs/api.md, "Token format") written out independently: kcpat_ + 12 + 32 base62 characters + 6
     * base62 digits of CRC32.
     */
    private static boolean oracleAccepts(String s) {
        if (s == null || s.length() != 56 || !s.startsWith("kcpat_")) {
            return false;
        }
        for (int i = 6; i < 56; i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return oracleChecksum(s.substring(0, 50)).equals(s.substring(50));
    }

    private static String oracleChecksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    private static List<Function<String, String>> mutations(Random r) {
        List<Function<String, String>> m = new ArrayList<>();
        m.add(s -> replaceAt(s, r.nextInt(s.length()), randomChar(r)));
        m.add(s -> replaceAt(s, 6 + r.nextInt(s.length() - 6), ALPHABET.charAt(r.nextInt(62))));
        m.add(s -> s.substring(0, r.nextInt(s.length())));
        m.add(s -> s + randomChar(r));
        m.add(s -> s + ALPHABET.charAt(r.nextInt(62)));
        m.add(s -> {
            int p = r.nextInt(s.length());
            return s.substring(0, p) + s.substring(p + 1);
        });
        m.add(s -> {
            int p = r.nextInt(s.length() + 1);
            return s.substring(0, p) + randomChar(r) + s.substring(p);
        });
        m.add(s -> {
            int p = r.nextInt(s.length() - 1);
            return s.substring(0, p) + s.charAt(p + 1) + s.charAt(p) + s.substring(p + 2);
        });
        m.add(s -> flipCase(s, r.nextInt(s.length())));
        m.add(s -> s.toUpperCase());
        m.add(s -> " " + s);
        m.add(s -> s + "\n");
        m.add(s -> s.replace("kcpat_", new String[] {"KCPAT_", "kcpat-", "kcpat", "ghp_", "kcpat__", ""}[r.nextInt(6)]));
        m.add(s -> s.substring(0, 50) + PatToken.generate().encode().substring(50));
        m.add(s -> s.substring(0, 18) + PatToken.generate().encode().substring(18));
        m.add(s -> s.substring(0, 6) + fullWidth(s.substring(6)));
        return m;
    }

    private static String replaceAt(String s, int p, char c) {
        return s.substring(0, p) + c + s.substring(p + 1);
    }

    private static String flipCase(String s, int p) {
        char c = s.charAt(p);
        char f = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        return replaceAt(s, p, f);
    }

    /** Look-alike unicode digits/letters (e.g. fullwidth), which Character.isLetterOrDigit would accept. */
    private static String fullWidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= '0' && c <= '9' ? (char) ('\uFF10' + (c - '0')) : c);
        }
        return b.toString();
    }

    private static char randomChar(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> (char) r.nextInt(0x80);
            case 1 -> (char) (0xD800 + r.nextInt(0x800)); // lone surrogates
            case 2 -> "\u0000\r\n\t %/+=_-.~\"'\\<>".charAt(r.nextInt(18));
            case 3 -> (char) r.nextInt(0x10000);
            default -> ALPHABET.charAt(r.nextInt(62));
        };
    }

    private static String randomString(Random r) {
        int length = switch (r.nextInt(4)) {
            case 0 -> r.nextInt(8);
            case 1 -> 50 + r.nextInt(12);
            case 2 -> PatToken.LENGTH;
            default -> r.nextInt(300);
        };
        StringBuilder b = new StringBuilder(r.nextBoolean() ? "kcpat_" : "");
        while (b.length() < length) {
            b.append(randomChar(r));
        }
        return b.toString();
    }

    private static String describe(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "\\u%04x".formatted((int) c));
        }
        return b.append("\" (length ").append(s.length()).append(')').toString();
    }
}
