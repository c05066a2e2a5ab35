package dev.keycloakpat.oidc;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The scope parameter of a PAT exchange. A PAT exchange never grants {@code offline_access}: an offline
 * session would be persisted and outlive the PAT, so the scope is removed from the request (RFC 6749 lets
 * the server grant fewer scopes than requested).
 */
final class ExchangeScope {

    static final String OFFLINE_ACCESS = "offline_access";

    private ExchangeScope() {
    }

    /** The requested scope without {@code offline_access}; null stays null. */
    static String withoutOfflineAccess(String scope) {
        if (scope == null) {
            return null;
        }
        return Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> !s.isEmpty() && !s.equals(OFFLINE_ACCESS))
                .collect(Collectors.joining(" "));
    }
}
