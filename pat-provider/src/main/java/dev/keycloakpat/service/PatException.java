package dev.keycloakpat.service;

/** A refused request: HTTP status, a stable error code and a human message. Changes nothing. */
public class PatException extends RuntimeException {

    private final int status;
    private final String error;

    public PatException(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static PatException badRequest(String error, String description) {
        return new PatException(400, error, description);
    }

    public static PatException notFound() {
        return new PatException(404, "not_found", "No such personal access token.");
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
