package dev.keycloakpat.it.harness;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against the JVM-wide Keycloak ({@link KeycloakServer#shared()}, started on first use)
 * in a realm of its own ({@link TestRealm}, created before the class and deleted after it).
 * Test constructors, lifecycle and test methods can declare parameters of type {@link KeycloakServer},
 * {@link TestRealm}, {@link AdminApi} and {@link Http}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(KeycloakExtension.class)
public @interface KeycloakIT {
}
