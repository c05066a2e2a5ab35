package dev.keycloakpat.it.harness;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Token strings as the token format documents them ({@code kcpat_} + 12-character public id + 32-character base62
 * secret + 6-character base62 CRC32 checksum), for tests that forge or mutate tokens as an attacker would.
 */
public final class TokenStrings {

    public static final String PREFIX = "kcpat_";
    public static final int PUBLIC_ID_LENGTH = 12;
    public static final int SECRET_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SECRET_START = PREFIX.length() + PUBLIC_ID_LENGTH;

    private TokenStrings() {
    }

    /** The public id of a token (the 12 characters after the prefix). */
    public static String publicId(String token) {
        return token.substring(PREFIX.length(), SECRET_START);
    }

    /** The 32 secret characters of a token (after prefix and public id, before the checksum). */
    public static String secretPart(String token) {
        return token.substring(SECRET_START, SECRET_START + SECRET_LENGTH);
    }

    /** A well-formed token (valid checksum) for {@code publicId} with the given secret. */
    public static String forge(String publicId, String secret) {
        return withChecksum(PREFIX + publicId + secret);
    }

    /**
     * The same token with one secret character changed and the checksum recomputed: well-formed, same public id,
     * wrong secret.
     */
    public static String withWrongSecret(String token, int secretIndex) {
        int at = SECRET_START + secretIndex;
        String body = token.substring(0, token.length() - CHECKSUM_LENGTH);
        char c = body.charAt(at);
        return withChecksum(body.substring(0, at) + (c == 'a' ? 'b' : 'a') + body.substring(at + 1));
    }

    /** {@code body} (prefix, public id and secret) with its checksum appended: a well-formed token string. */
    public static String withChecksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] sum = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            sum[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return body + new String(sum);
    }

    /** {@code length} random base62 characters (a secret is {@link #SECRET_LENGTH}, a public id {@link #PUBLIC_ID_LENGTH}). */
    public static String randomBase62(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(BASE62.charAt(random.nextInt(62)));
        }
        return sb.toString();
    }

    /** A random 32-character base62 secret. */
    public static String randomSecret(Random random) {
        return randomBase62(random, SECRET_LENGTH);
    }
}
