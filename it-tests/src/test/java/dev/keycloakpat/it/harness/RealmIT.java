package dev.keycloakpat.it.harness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the test classes that work in their realm through the PAT API: {@link #realm} and {@link #pats} are set
 * before the subclass's own {@code @BeforeAll} methods run (JUnit runs a superclass's first), one instance per class.
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RealmIT {

    protected TestRealm realm;
    protected Pats pats;

    @BeforeAll
    protected void attachRealm(TestRealm realm) {
        this.realm = realm;
        this.pats = new Pats(realm);
    }
}
