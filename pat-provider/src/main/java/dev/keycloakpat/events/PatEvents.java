package dev.keycloakpat.events;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;

/**
 * Writes PAT events to Keycloak's event store. Keycloak's event types are a fixed set, so:
 * creation is {@code UPDATE_CREDENTIAL}, revocation {@code REMOVE_CREDENTIAL}, each with
 * {@code credential_type=personal-access-token}; a failed use is the error event of the entry point
 * (introspection, login, gateway check). Details carry the token id and its non-secret prefix, never the secret.
 */
public final class PatEvents {

    public static final String CREDENTIAL_TYPE = "personal-access-token";
    public static final String PAT_PREFIX = "pat_prefix";
    public static final String PAT_NAME = "pat_name";
    public static final String REVOKED_BY = "revoked_by";
    /** On the revocation event of a leak report: {@code reason=leaked}. */
    public static final String LEAKED = "leaked";
    /** On the revocation events of a reused rotated token's successors. */
    public static final String ROTATED_TOKEN_REUSED = "rotated_token_reused";
    public static final String ACTOR_ID = "actor_id";
    /** On a sampled failure event: how many like it were left out since the last one written. */
    public static final String SUPPRESSED = "suppressed";
    /** What an event writes in place of a username field that held a personal access token. */
    public static final String REDACTED_USERNAME = "[personal access token, redacted]";

    /** Who revoked a token. */
    public enum RevokedBy {
        OWNER, ADMIN, LEAKED_TOKEN_REVOCATION, USER_DELETED,
        /** A leak report ({@code {"tokens": […]}} from a secret scanner or anyone who found tokens): {@code reason=leaked}. */
        LEAK_REPORT,
        /** Unused for the policy's {@code unusedRevokeDays}: revoked by the maintenance job. */
        UNUSED,
        /** The old token of a rotation without grace. */
        ROTATION,
        /** A successor of a rotated-away token that was presented after its grace: {@code reason=rotated_token_reused}. */
        ROTATED_TOKEN_REUSED;

        public String detail() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private PatEvents() {
    }

    /**
     * The name as written into an event: characters outside the Basic Multilingual Plane (emoji, rare CJK) become
     * U+FFFD. Keycloak's own event table is utf8mb3 on MySQL/MariaDB and refuses them, which would fail the whole
     * request; the token itself keeps its exact name.
     */
    static String eventSafe(String name) {
        if (name == null || name.codePoints().allMatch(Character::isBmpCodePoint)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(c -> b.appendCodePoint(Character.isBmpCodePoint(c) ? c : 0xFFFD));
        return b.toString();
    }

    private static EventBuilder builder(KeycloakSession session, RealmModel realm) {
        var connection = session.getContext().getConnection();
        // a background job (the maintenance run) has no client connection
        return connection == null ? new EventBuilder(realm, session) : new EventBuilder(realm, session, connection);
    }

    private static EventBuilder about(EventBuilder b, PatRecord token) {
        return b.detail(Details.CREDENTIAL_TYPE, CREDENTIAL_TYPE)
                .detail(PatRecord.ID_KEY, token.id())
                .detail(PAT_PREFIX, token.displayPrefix());
    }

    public static void created(KeycloakSession session, RealmModel realm, UserModel user, PatRecord token) {
        created(session, realm, user, token, null);
    }

    /** A creation; {@code actor} is the admin who made a service account's token (null when the owner made it). */
    public static void created(KeycloakSession session, RealmModel realm, UserModel user, PatRecord token, UserModel actor) {
        EventBuilder b = about(builder(session, realm).event(EventType.UPDATE_CREDENTIAL).user(user), token)
                .detail(PAT_NAME, eventSafe(token.name()));
        if (actor != null && !actor.getId().equals(user.getId())) {
            b.detail(ACTOR_ID, actor.getId());
        }
        b.success();
    }

    public static void revoked(KeycloakSession session, RealmModel realm, PatRecord token, RevokedBy by, UserModel actor) {
        EventBuilder b = builder(session, realm).event(EventType.REMOVE_CREDENTIAL).user(token.userId());
        about(b, token).detail(PAT_NAME, eventSafe(token.name())).detail(REVOKED_BY, by.detail());
        if (by == RevokedBy.LEAK_REPORT) {
            b.detail(Details.REASON, LEAKED);
        } else if (by == RevokedBy.ROTATED_TOKEN_REUSED) {
            b.detail(Details.REASON, ROTATED_TOKEN_REUSED);
        }
        if (actor != null && !actor.getId().equals(token.userId())) {
            b.detail(ACTOR_ID, actor.getId());
        }
        b.success();
    }

    /**
     * Records a failed use as the error event of the entry point, e.g. {@code INTROSPECT_TOKEN_ERROR}.
     * The prefix is written only once the token is identified (never the presented string).
     */
    public static void failedUse(EventBuilder b, PatRecord token, String reason, String error) {
        b.detail(Details.CREDENTIAL_TYPE, CREDENTIAL_TYPE).detail(Details.REASON, reason);
        if (token != null) {
            b.detail(PatRecord.ID_KEY, token.id()).detail(PAT_PREFIX, token.displayPrefix());
            b.user(token.userId());
        }
        b.error(error);
    }

    /** A valid use: the token's owner, id and prefix on the entry point's event (the entry point ends it). */
    public static void validUse(EventBuilder b, UserModel owner, PatRecord token) {
        b.user(owner).detail(Details.CREDENTIAL_TYPE, CREDENTIAL_TYPE)
                .detail(PatRecord.ID_KEY, token.id()).detail(PAT_PREFIX, token.displayPrefix());
    }

    /**
     * A username typed into a form next to a token must not reach events or logs when it is itself a token
     * (swapped fields): it is replaced on the event.
     */
    public static void redactUsernameIfToken(EventBuilder b, String username) {
        if (username != null && username.contains(dev.keycloakpat.token.PatToken.PREFIX)) {
            b.detail(Details.USERNAME, REDACTED_USERNAME);
        }
    }
}
