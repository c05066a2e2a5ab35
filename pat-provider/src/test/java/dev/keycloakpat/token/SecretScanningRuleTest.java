package dev.keycloakpat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection rule published in {@code docs/secret-scanning.md}, read from that page: the regular expression and the
 * gitleaks rule's expression find generated tokens and no near-miss, and the checksum as the page describes it (CRC-32,
 * 6 base62 digits, the page's alphabet) accepts every generated token and refuses a wrong one.
 */
class SecretScanningRuleTest {

    private static String page;
    private static Pattern regex;
    private static Pattern gitleaks;
    private static String alphabet;

    @BeforeAll
    static void readThePage() throws IOException {
        Path doc = Path.of("..", "docs", "secret-scanning.md");
        page = Files.readString(doc, StandardCharsets.UTF_8);
        regex = Pattern.compile(block("regex").strip());
        Matcher toml = Pattern.compile("(?m)^regex = '''(.*)'''$").matcher(block("toml"));
        assertTrue(toml.find(), "the gitleaks rule has a regex line");
        gitleaks = Pattern.compile(toml.group(1));
        Matcher a = Pattern.compile("ALPHABET = \"([^\"]+)\"").matcher(block("python"));
        assertTrue(a.find(), "the checksum snippet names its alphabet");
        alphabet = a.group(1);
    }

    private static String block(String language) {
        Matcher m = Pattern.compile("(?s)```" + language + "\\n(.*?)```").matcher(page);
        assertTrue(m.find(), "docs/secret-scanning.md has a ```" + language + " block");
        return m.group(1);
    }

    /** The checksum exactly as the page describes it, written from the description, not from PatToken. */
    private static boolean checksumAsDocumented(String token) {
        String body = token.substring(0, token.length() - 6);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long n = crc.getValue();
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            digits.insert(0, alphabet.charAt((int) (n % 62)));
            n /= 62;
        }
        return digits.toString().equals(token.substring(token.length() - 6));
    }

    private static List<Pattern> rules() {
        return List.of(regex, gitleaks);
    }

    private static String found(Pattern rule, String text) {
        Matcher m = rule.matcher(text);
        if (!m.find()) {
            return null;
        }
        return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    }

    @Test
    void findsEveryGeneratedTokenInTypicalSurroundings() {
        for (int i = 0; i < 2000; i++) {
            String token = PatToken.generate().encode();
            assertTrue(checksumAsDocumented(token), "the documented checksum accepts " + token.substring(0, 18));
            for (String text : List.of(token, "export GITLAB_TOKEN=" + token + "\n", "{\"token\":\"" + token + "\"}",
                    "Authorization: Bearer " + token, "https://alice:" + token + "@git.example.com/repo.git",
                    "password: '" + token + "'")) {
                for (Pattern rule : rules()) {
                    assertEquals(token, found(rule, text), () -> rule + " in " + text.replace(token, "<token>"));
                }
            }
        }
    }

    @Test
    void findsNoNearMiss() {
        String token = PatToken.generate().encode();
        String tail = token.substring(PatToken.PREFIX.length());
        List<String> nearMisses = List.of(
                token.substring(0, token.length() - 1),            // 49 characters after the prefix
                token + "a",                                       // 51
                token + "_x",                                      // glued to more word characters
                "kcpet_" + tail, "KCPAT_" + tail, "kcpat-" + tail, "kcpat" + tail,
                "xkcpat_" + tail,                                  // the prefix inside a longer word
                token.substring(0, 20) + "-" + token.substring(21), // a character outside base62
                token.substring(0, 20) + "+" + token.substring(21));
        for (String miss : nearMisses) {
            for (Pattern rule : rules()) {
                assertEquals(null, found(rule, "value=" + miss + " end"), () -> rule + " must not match " + miss);
            }
        }
    }

    @Test
    void theChecksumTellsALookAlikeFromAToken() {
        String token = PatToken.generate().encode();
        char last = token.charAt(token.length() - 1);
        String wrongChecksum = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
        char first = token.charAt(10);
        String editedSecret = token.substring(0, 10) + (first == 'a' ? 'b' : 'a') + token.substring(11);
        for (String lookAlike : List.of(wrongChecksum, editedSecret, "kcpat_" + "A".repeat(50))) {
            assertTrue(regex.matcher(lookAlike).find(), "the pattern alone cannot tell");
            assertFalse(checksumAsDocumented(lookAlike), "the documented checksum refuses " + lookAlike);
            assertTrue(PatToken.parse(lookAlike).isEmpty(), "and so does the server");
        }
    }
}
