package dev.keycloakpat.refusal;

/**
 * A refused request: what kind of refusal, a stable error code and a human message. Changes nothing. Free of HTTP:
 * the REST edge ({@code rest.Json.handle}) turns the kind into a status.
 */
public class Refusal extends RuntimeException {

    /** Why a request is refused. */
    public enum Kind {
        /** The input is wrong: a bad value, a rule of the policy, a name taken, a limit of the request. */
        INVALID,
        /** The caller is not (or no longer enough) authenticated. */
        UNAUTHENTICATED,
        /** The caller is known but may not do this. */
        FORBIDDEN,
        /** What the request names does not exist (or is not the caller's). */
        NOT_FOUND,
        /** The request is larger than the extension reads. */
        TOO_LARGE,
        /** Too many requests: try again later. */
        LIMIT
    }

    private final Kind kind;
    private final String error;

    public Refusal(Kind kind, String error, String description) {
        super(description, null, false, false);
        this.kind = kind;
        this.error = error;
    }

    public static Refusal invalid(String error, String description) {
        return new Refusal(Kind.INVALID, error, description);
    }

    /** No such token (of the caller's). */
    public static Refusal notFound() {
        return notFound("No such personal access token.");
    }

    public static Refusal notFound(String description) {
        return new Refusal(Kind.NOT_FOUND, "not_found", description);
    }

    /** A text the caller sent, cut to 40 characters and reduced to letters, digits, space and {@code _.-}: safe to quote. */
    public static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("[^\\p{L}\\p{N} _.-]", "?");
    }

    public Kind kind() {
        return kind;
    }

    public String error() {
        return error;
    }
}
