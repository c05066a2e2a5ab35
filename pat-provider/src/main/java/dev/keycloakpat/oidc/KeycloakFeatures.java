package dev.keycloakpat.oidc;

import org.jboss.logging.Logger;

/**
 * What the running Keycloak offers that the extension needs from its newer lines (README, "Compatibility").
 * The one jar runs on Keycloak 26.4 to 26.7; where an SPI is missing, the feature that needs it is switched off
 * with one clear line in the log instead of failing the server or, worse, half-working.
 */
public final class KeycloakFeatures {

    private static final Logger LOG = Logger.getLogger(KeycloakFeatures.class);

    /**
     * The token post-processor SPI ({@code org.keycloak.protocol.oidc.token.TokenPostProcessor}, not in Keycloak
     * 26.4 and 26.5) shapes the JWT of a PAT exchange: without it that JWT would carry the owner's full roles,
     * so the password-grant exchange is refused instead.
     */
    public static final boolean TOKEN_POST_PROCESSOR =
            present("org.keycloak.protocol.oidc.token.TokenPostProcessorFactory");

    private KeycloakFeatures() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, KeycloakFeatures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Logs which features this Keycloak cannot support (once per node: the runtime provider calls it at start). */
    public static void logMissing() {
        if (!TOKEN_POST_PROCESSOR) {
            LOG.warnf("keycloak-pat: Keycloak %s has no token post-processor SPI (Keycloak 26.7 has it): the PAT exchange "
                    + "(password grant through pat-authenticator) is disabled and answers 400; self-service, introspection, "
                    + "gateway check, admin API and account page work", version());
        }
    }

    private static String version() {
        try {
            Package p = Class.forName("org.keycloak.common.Version").getPackage();
            Object v = Class.forName("org.keycloak.common.Version").getField("VERSION").get(null);
            return v == null ? (p == null ? "?" : p.getImplementationVersion()) : v.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(unknown version)";
        }
    }
}
