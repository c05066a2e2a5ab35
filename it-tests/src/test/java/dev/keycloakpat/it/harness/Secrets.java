package dev.keycloakpat.it.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every personal access token the test run has seen: {@link Http} records each {@code kcpat_…} token that
 * appears in any response body (i.e. every token created over HTTP by any test). Used to prove that no
 * secret ends up in server logs, events or databases: {@link #findIn(CharSequence)} finds any registered
 * secret part (the 32 characters after the public id) in a text, in O(text length).
 * Leaks found while a realm still existed (its events are scanned before it is deleted, see
 * {@link TestRealm#close()}) are kept in {@link #leaks()} for the final check.
 */
public final class Secrets {

    /** prefix, 12 characters public id, 32 characters secret, 6 characters checksum (docs/api.md, "Token format"). */
    static final Pattern TOKEN = Pattern.compile("kcpat_([0-9A-Za-z]{12})([0-9A-Za-z]{32})([0-9A-Za-z]{6})");
    private static final int SECRET_LENGTH = 32;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Set<String> PUBLIC_IDS = ConcurrentHashMap.newKeySet();
    private static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());
    private static volatile long scannedChars;

    private Secrets() {
    }

    /** Registers every token string in {@code body}. */
    public static void recordFrom(String body) {
        if (body == null || !body.contains("kcpat_")) {
            return;
        }
        Matcher m = TOKEN.matcher(body);
        while (m.find()) {
            PUBLIC_IDS.add(m.group(1));
            SECRETS.add(m.group(2));
        }
    }

    /** How many distinct secrets were registered so far. */
    public static int count() {
        return SECRETS.size();
    }

    /** The secret part of a token string (for tests that check one token directly). */
    public static String secretOf(String token) {
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a token: " + (token.length() > 10 ? token.substring(0, 10) + "…" : token));
        }
        return m.group(2);
    }

    /**
     * The registered secrets occurring in {@code text}, each reported only by its first 4 characters
     * (so the report itself leaks nothing).
     */
    public static List<String> findIn(CharSequence text) {
        scannedChars += text.length();
        List<String> found = new ArrayList<>();
        int runStart = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean alnum = i < text.length() && isBase62(text.charAt(i));
            if (alnum && runStart < 0) {
                runStart = i;
            } else if (!alnum && runStart >= 0) {
                for (int s = runStart; s + SECRET_LENGTH <= i; s++) {
                    String window = text.subSequence(s, s + SECRET_LENGTH).toString();
                    if (SECRETS.contains(window)) {
                        found.add(window.substring(0, 4) + "… at offset " + s);
                    }
                }
                runStart = -1;
            }
        }
        return found;
    }

    /** Scans {@code text} and records what it finds as leaks of {@code where}. Returns the number found. */
    public static int scan(String where, CharSequence text) {
        List<String> found = findIn(text);
        found.forEach(f -> LEAKS.add(where + ": secret " + f));
        return found.size();
    }

    /** Leaks recorded by {@link #scan(String, CharSequence)} so far. */
    public static List<String> leaks() {
        synchronized (LEAKS) {
            return List.copyOf(LEAKS);
        }
    }

    /** Characters scanned so far (to show a check was not vacuous). */
    public static long scannedChars() {
        return scannedChars;
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
