package dev.keycloakpat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PatTokenTest {

    @Test
    void generatedTokenRoundTripsThroughParse() {
        for (int i = 0; i < 1000; i++) {
            PatToken t = PatToken.generate();
            String s = t.encode();
            assertEquals(PatToken.LENGTH, s.length());
            assertTrue(s.startsWith("kcpat_"));
            PatToken back = PatToken.parse(s).orElseThrow();
            assertEquals(t.publicId(), back.publicId());
            assertEquals(t.secret(), back.secret());
        }
    }

    @Test
    void tokensAreUrlSafeAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String s = PatToken.generate().encode();
            assertTrue(s.matches("kcpat_[0-9A-Za-z]+"), s);
            assertTrue(seen.add(s));
        }
    }

    @Test
    void secretCarriesAtLeast160BitsAndStaysFarBelowBcryptLimit() {
        double bits = PatToken.SECRET_LENGTH * (Math.log(62) / Math.log(2));
        assertTrue(bits >= 160, "secret has " + bits + " bits");
        assertTrue(PatToken.SECRET_LENGTH < 72);
    }

    @Test
    void toStringNeverRevealsTheSecret() {
        PatToken t = PatToken.generate();
        assertFalse(t.toString().contains(t.secret()));
        assertTrue(t.toString().startsWith(t.displayPrefix()));
    }

    @Test
    void malformedInputsAreRefused() {
        String good = PatToken.generate().encode();
        List<String> bad = new ArrayList<>(List.of(
                "", " ", "kcpat_", "kcpat", "KCPAT_" + good.substring(6), "ghp_" + good.substring(6),
                good + "a", good.substring(0, good.length() - 1), " " + good, good + " ", good + "\n",
                good.replace('_', '-'), good.substring(0, 20) + "é" + good.substring(21),
                good.substring(0, 20) + "+" + good.substring(21), good.substring(0, 20) + "/" + good.substring(21),
                good.substring(0, 20) + "\u0000" + good.substring(21), "x".repeat(10_000),
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
        bad.add(null);
        for (String s : bad) {
            assertTrue(PatToken.parse(s).isEmpty(), "accepted: " + s);
        }
    }

    @Test
    void everySingleCharacterChangeIsCaughtByTheChecksum() {
        String good = PatToken.generate().encode();
        int refused = 0;
        int total = 0;
        for (int i = PatToken.PREFIX.length(); i < good.length(); i++) {
            for (char c : Base62.ALPHABET.toCharArray()) {
                if (c == good.charAt(i)) {
                    continue;
                }
                total++;
                String changed = good.substring(0, i) + c + good.substring(i + 1);
                if (PatToken.parse(changed).isEmpty()) {
                    refused++;
                }
            }
        }
        assertEquals(total, refused, "CRC32 detects every single-character substitution");
    }

    @Test
    void madeUpTokensAlmostNeverPassTheChecksum() {
        Random r = new Random(42);
        int passed = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder("kcpat_");
            for (int j = 0; j < PatToken.LENGTH - 6; j++) {
                b.append(Base62.ALPHABET.charAt(r.nextInt(62)));
            }
            if (PatToken.parse(b.toString()).isPresent()) {
                passed++;
            }
        }
        assertTrue(passed <= 1, passed + " random strings passed the checksum");
    }

    @Test
    void displayPrefixIsPrefixPlusPublicId() {
        PatToken t = PatToken.generate();
        assertEquals("kcpat_" + t.publicId(), t.displayPrefix());
        assertTrue(t.encode().startsWith(t.displayPrefix()));
        assertNotEquals(t.encode(), t.displayPrefix());
    }
}
