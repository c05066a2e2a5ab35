package dev.keycloakpat.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretHasherTest {

    @Test
    void hashVerifiesItsSecretOnly() {
        PatToken t = PatToken.generate();
        String hash = SecretHasher.hash(t.secret(), 4);
        assertTrue(hash.startsWith("$2y$04$"));
        assertFalse(hash.contains(t.secret()));
        assertTrue(SecretHasher.matches(t.secret(), hash));
        assertFalse(SecretHasher.matches(PatToken.generate().secret(), hash));
    }

    @Test
    void secretDifferingOnlyInItsLastCharacterIsRefused() {
        String secret = PatToken.generate().secret();
        String hash = SecretHasher.hash(secret, 4);
        char last = secret.charAt(secret.length() - 1);
        String other = secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertFalse(SecretHasher.matches(other, hash));
        assertFalse(SecretHasher.matches(secret + "x", hash), "a longer secret must not match");
        assertFalse(SecretHasher.matches(secret.substring(0, secret.length() - 1), hash));
    }

    @Test
    void sameSecretHashesDifferentlyEachTime() {
        String secret = PatToken.generate().secret();
        assertNotEquals(SecretHasher.hash(secret, 4), SecretHasher.hash(secret, 4));
    }

    @Test
    void costIsTakenFromTheCaller() {
        assertTrue(SecretHasher.hash("abc", 10).startsWith("$2y$10$"));
        assertThrows(IllegalArgumentException.class, () -> SecretHasher.hash("abc", 3));
        assertThrows(IllegalArgumentException.class, () -> SecretHasher.hash("abc", 17));
    }

    @Test
    void malformedHashesNeverMatch() {
        assertFalse(SecretHasher.matches("abc", "not-a-hash"));
        assertFalse(SecretHasher.matches("abc", ""));
        assertFalse(SecretHasher.matches(null, "$2y$04$abc"));
        assertFalse(SecretHasher.matches("abc", null));
    }
}
