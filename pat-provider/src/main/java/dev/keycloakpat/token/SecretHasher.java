package dev.keycloakpat.token;

import java.security.SecureRandom;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt hashing of a token's secret part with Bouncy Castle's {@link OpenBSDBCrypt}.
 * Only the secret (32 ASCII bytes) is hashed, well under bcrypt's 72-byte limit.
 */
public final class SecretHasher {

    public static final int MIN_COST = 4;
    public static final int MAX_COST = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretHasher() {
    }

    public static String hash(String secret, int cost) {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be between " + MIN_COST + " and " + MAX_COST);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", secret.toCharArray(), salt, cost);
    }

    /** Constant-time comparison (done by Bouncy Castle). A malformed hash never matches. */
    public static boolean matches(String secret, String hash) {
        if (secret == null || hash == null) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, secret.toCharArray());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
