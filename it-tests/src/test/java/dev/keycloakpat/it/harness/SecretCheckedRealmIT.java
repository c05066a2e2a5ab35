package dev.keycloakpat.it.harness;

import org.junit.jupiter.api.AfterAll;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RealmIT} that ends by checking that no token created in this JVM, nor any token the class added to
 * {@link #presented} (e.g. forged ones), is in the server log or the realm's events
 * ({@link Pats#assertNoSecretInLogOrEvents(List)}).
 */
public abstract class SecretCheckedRealmIT extends RealmIT {

    /** Token strings the tests presented besides the ones they created. */
    protected final List<String> presented = new ArrayList<>();

    @AfterAll
    protected void noSecretLeaked() {
        pats.assertNoSecretInLogOrEvents(presented);
    }
}
