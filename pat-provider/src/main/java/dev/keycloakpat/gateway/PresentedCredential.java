package dev.keycloakpat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.keycloakpat.token.PatToken;

/**
 * The PAT a gateway-check request carries (docs/api.md, "Gateway check"): {@code Authorization: Bearer <PAT>},
 * {@code Authorization: Basic base64(<username>:<PAT>)} or {@code X-API-Access-Token: <PAT>}.
 * Parsing never looks at storage; whether the string is a valid token is {@code PatValidator}'s job.
 * When one place carries a PAT ({@code kcpat_…}) and another something else (say, {@code Authorization} with
 * the app's own credentials next to {@code X-API-Access-Token}), the other is ignored; two different PATs are refused.
 *
 * @param token    the presented token string, or null when none (see {@link #problem()})
 * @param username the Basic-auth username (must be the token owner's), or null for Bearer / X-API-Access-Token
 * @param problem  null when a token was found, else why not: {@link #MISSING} or {@link #AMBIGUOUS} /
 *                 {@link #UNREADABLE} (reasons written to events, never shown to the caller)
 */
public record PresentedCredential(String token, String username, String problem) {

    /** No credential at all. */
    public static final String MISSING = "missing";
    /** Different tokens in different places, or the same header repeated with different values. */
    public static final String AMBIGUOUS = "ambiguous_credentials";
    /** An Authorization header that is neither Bearer nor readable Basic. */
    public static final String UNREADABLE = "unreadable_authorization";

    /** Longest header value considered; anything longer cannot be a token and is not decoded. */
    static final int MAX_LENGTH = 4096;

    public boolean present() {
        return problem == null;
    }

    /**
     * @param authorization      values of the Authorization header (null or empty for none)
     * @param apiAccessToken     values of the X-API-Access-Token header (null or empty for none)
     */
    public static PresentedCredential from(List<String> authorization, List<String> apiAccessToken) {
        List<PresentedCredential> found = new ArrayList<>();
        for (String value : nonBlank(authorization)) {
            found.add(fromAuthorization(value));
        }
        for (String value : nonBlank(apiAccessToken)) {
            found.add(new PresentedCredential(value.trim(), null, null));
        }
        if (found.isEmpty()) {
            return failed(MISSING);
        }
        // a client may keep Authorization for something else and send the PAT in X-API-Access-Token:
        // when any place carries a PAT, the places that do not are ignored
        List<PresentedCredential> pats = found.stream().filter(c -> c.present() && PatToken.looksLikePat(c.token)).toList();
        if (!pats.isEmpty()) {
            found = pats;
        }
        PresentedCredential first = found.get(0);
        for (PresentedCredential c : found) {
            if (!c.present()) {
                return c;
            }
            if (!c.token.equals(first.token)) {
                return failed(AMBIGUOUS);
            }
        }
        // a Basic username, if any, must be checked: prefer the entry that carries one
        return found.stream().filter(c -> c.username != null).findFirst().orElse(first);
    }

    static PresentedCredential fromAuthorization(String header) {
        String value = header.trim();
        if (value.length() > MAX_LENGTH) {
            return failed(UNREADABLE);
        }
        int space = value.indexOf(' ');
        if (space < 0) {
            return failed(UNREADABLE);
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String rest = value.substring(space + 1).trim();
        if (rest.isEmpty()) {
            return failed(UNREADABLE);
        }
        if (scheme.equals("bearer")) {
            return new PresentedCredential(rest, null, null);
        }
        if (scheme.equals("basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return failed(UNREADABLE);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return failed(UNREADABLE);
            }
            String username = decoded.substring(0, colon);
            String password = decoded.substring(colon + 1);
            // a username is required: Basic must name the owner (docs/api.md, "Gateway check")
            return new PresentedCredential(password, username, null);
        }
        return failed(UNREADABLE);
    }

    private static List<String> nonBlank(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    private static PresentedCredential failed(String problem) {
        return new PresentedCredential(null, null, problem);
    }

    /** Whether the Basic username (if any) names this owner; Bearer and X-API-Access-Token carry none. */
    public boolean namesOwner(String ownerUsername) {
        return username == null || username.trim().equalsIgnoreCase(ownerUsername);
    }

    @Override
    public String toString() {
        // never print the token
        return "PresentedCredential[" + (present() ? (username == null ? "token" : "basic") : problem) + "]";
    }
}
