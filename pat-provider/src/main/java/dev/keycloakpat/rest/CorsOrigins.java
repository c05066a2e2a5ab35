package dev.keycloakpat.rest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;

/**
 * Allows the CORS origins of the caller's access token on a {@link Cors} builder. Keycloak 26.7 names that
 * {@code checkAllowedOrigins(AccessToken)}, 26.4 and 26.5 {@code allowedOrigins(AccessToken)}; the one jar runs on
 * all three (README, "Compatibility"), so the method is looked up once by name.
 */
final class CorsOrigins {

    private static final Method TOKEN_ORIGINS = find();

    private CorsOrigins() {
    }

    private static Method find() {
        for (String name : new String[] {"checkAllowedOrigins", "allowedOrigins"}) {
            try {
                return Cors.class.getMethod(name, AccessToken.class);
            } catch (NoSuchMethodException e) {
                // try the other name
            }
        }
        throw new IllegalStateException("This Keycloak's Cors has neither checkAllowedOrigins(AccessToken) "
                + "nor allowedOrigins(AccessToken)");
    }

    static Cors ofToken(Cors cors, AccessToken token) {
        try {
            return (Cors) TOKEN_ORIGINS.invoke(cors, token);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
