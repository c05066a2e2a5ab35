package dev.keycloakpat.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A personal access token as presented by its holder: {@code kcpat_<public id><secret><checksum>}.
 *
 * <ul>
 *   <li>{@link #PREFIX} is fixed so secret scanners and log filters can find leaked tokens;</li>
 *   <li>the public id ({@value #PUBLIC_ID_LENGTH} base62 characters) is not secret and identifies the token;</li>
 *   <li>the secret ({@value #SECRET_LENGTH} base62 characters, about 190 bits from {@link SecureRandom})
 *       is only ever stored as a bcrypt hash; at 32 bytes it is well under bcrypt's 72-byte limit;</li>
 *   <li>the checksum ({@value #CHECKSUM_LENGTH} base62 characters of a CRC32 over everything before it)
 *       lets a mistyped or made-up token be refused without touching the database.</li>
 * </ul>
 * {@link #toString()} never reveals the secret.
 */
public final class PatToken {

    public static final String PREFIX = "kcpat_";
    public static final int PUBLIC_ID_LENGTH = 12;
    public static final int SECRET_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + PUBLIC_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String publicId;
    private final String secret;

    private PatToken(String publicId, String secret) {
        this.publicId = publicId;
        this.secret = secret;
    }

    /** A new token with a random public id and a random secret. */
    public static PatToken generate() {
        return new PatToken(randomBase62(PUBLIC_ID_LENGTH), randomBase62(SECRET_LENGTH));
    }

    /**
     * Parses a presented token. Anything that is not exactly a well-formed token with a valid checksum
     * (wrong prefix, length, alphabet, checksum; null) yields empty. Never throws, never touches storage.
     */
    public static Optional<PatToken> parse(String presented) {
        if (presented == null || presented.length() != LENGTH || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (!Base62.isBase62(presented.charAt(i))) {
                return Optional.empty();
            }
        }
        int idStart = PREFIX.length();
        int secretStart = idStart + PUBLIC_ID_LENGTH;
        int checksumStart = secretStart + SECRET_LENGTH;
        String body = presented.substring(0, checksumStart);
        if (!checksum(body).equals(presented.substring(checksumStart))) {
            return Optional.empty();
        }
        return Optional.of(new PatToken(presented.substring(idStart, secretStart), presented.substring(secretStart, checksumStart)));
    }

    /** True if the string looks like it is meant to be a PAT (has the prefix), valid or not. */
    public static boolean looksLikePat(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    /** The non-secret leading characters shown in lists, logs and events for a public id. */
    public static String displayPrefix(String publicId) {
        return PREFIX + publicId;
    }

    public String publicId() {
        return publicId;
    }

    /** The secret part: hash it, never log or store it. */
    public String secret() {
        return secret;
    }

    public String displayPrefix() {
        return displayPrefix(publicId);
    }

    /** The full token string, to be shown to its owner exactly once. */
    public String encode() {
        String body = PREFIX + publicId + secret;
        return body + checksum(body);
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return Base62.encodeFixed(crc.getValue(), CHECKSUM_LENGTH);
    }

    private static String randomBase62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = Base62.ALPHABET.charAt(RANDOM.nextInt(62));
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return displayPrefix() + "…";
    }
}
