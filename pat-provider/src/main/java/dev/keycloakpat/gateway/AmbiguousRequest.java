package dev.keycloakpat.gateway;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.keycloakpat.token.PatToken;

/**
 * The first step of the gateway check (docs/api.md, "Security guarantees"): a request that could be read two ways is
 * refused with {@code 400 ambiguous_request} before any token is looked at. Two cases:
 * <ul>
 * <li>a security-relevant header ({@link #SINGLE_VALUED}) given more than once, whatever the values (a proxy and
 * a client each adding one is exactly the case where "first wins" picks the attacker's);</li>
 * <li>a PAT in {@code Authorization} and another (or the same) in {@code X-API-Access-Token}. A non-PAT credential in
 * {@code Authorization} next to the PAT in {@code X-API-Access-Token} is not ambiguous: proxies keep Authorization
 * for the app behind them.</li>
 * </ul>
 * Only header names and counts are looked at, never decoded further than needed to see whether a value is a PAT;
 * the description names headers, never values.
 *
 * @param header      the header (or, for two credentials, the second header) that makes the request ambiguous
 * @param description human text for the 400 body
 */
public record AmbiguousRequest(String header, String description) {

    public static final String ERROR = "ambiguous_request";

    public static final String AUTHORIZATION = "Authorization";
    public static final String X_API_ACCESS_TOKEN = "X-API-Access-Token";
    public static final String X_FORWARDED_METHOD = "X-Forwarded-Method";
    public static final String X_REQUIRED_TEAM = "X-Required-Team";

    /** Headers that must appear at most once. {@code X-Required-Role} is not one: it is repeatable. */
    public static final List<String> SINGLE_VALUED = List.of(AUTHORIZATION, X_API_ACCESS_TOKEN, X_FORWARDED_METHOD, X_REQUIRED_TEAM);

    /**
     * @param headerLines the request's lines of a header by (case-insensitive) name, one list element per line,
     *                    null or empty when absent (what {@code HttpHeaders.getRequestHeader} returns)
     */
    public static Optional<AmbiguousRequest> find(Function<String, List<String>> headerLines) {
        for (String name : SINGLE_VALUED) {
            List<String> lines = headerLines.apply(name);
            if (lines != null && lines.size() > 1) {
                return Optional.of(new AmbiguousRequest(name, "The " + name + " header was sent " + lines.size()
                        + " times; send it once."));
            }
        }
        if (carriesPat(headerLines.apply(AUTHORIZATION)) && hasNonBlank(headerLines.apply(X_API_ACCESS_TOKEN))
                && PatToken.looksLikePat(headerLines.apply(X_API_ACCESS_TOKEN).get(0).trim())) {
            return Optional.of(new AmbiguousRequest(X_API_ACCESS_TOKEN, "A personal access token was sent both in "
                    + AUTHORIZATION + " and in " + X_API_ACCESS_TOKEN + "; send it in one place only."));
        }
        return Optional.empty();
    }

    private static boolean hasNonBlank(List<String> lines) {
        return lines != null && !lines.isEmpty() && lines.get(0) != null && !lines.get(0).isBlank();
    }

    /** Whether the (single) Authorization line is {@code Bearer <PAT>} or Basic with a PAT as password. */
    private static boolean carriesPat(List<String> lines) {
        if (!hasNonBlank(lines)) {
            return false;
        }
        PresentedCredential c = PresentedCredential.fromAuthorization(lines.get(0));
        return c.present() && PatToken.looksLikePat(c.token());
    }
}
