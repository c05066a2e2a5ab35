package dev.keycloakpat.service;

import dev.keycloakpat.refusal.Refusal;

/**
 * A rule of the API reference (docs/api.md, "Security guarantees"): creating a token needs a recent login. A stolen
 * access token lives minutes; without this rule it could be turned into a PAT that lives months. The caller's login
 * time ({@code auth_time}) must be at most the policy's {@code maxAuthAgeSeconds} old (0 = no such rule); otherwise the
 * request is refused with 401 {@code reauthentication_required} and an RFC 9470 step-up challenge, and nothing is
 * created.
 */
public final class RecentLogin {

    public static final String ERROR = "reauthentication_required";

    /** The refusal: 401, with the {@code WWW-Authenticate} challenge of RFC 9470 §3. */
    public static final class Required extends Refusal {

        private final int maxAgeSeconds;

        Required(int maxAgeSeconds) {
            super(Kind.UNAUTHENTICATED, ERROR, "Creating a personal access token needs a recent login: sign in again (at most "
                    + maxAgeSeconds + " seconds ago) and retry.");
            this.maxAgeSeconds = maxAgeSeconds;
        }

        public int maxAgeSeconds() {
            return maxAgeSeconds;
        }

        /** {@code Bearer error="insufficient_user_authentication", …, max_age=n}: what a client should ask for. */
        public String challenge() {
            return "Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent"
                    + " authentication is required\", max_age=" + maxAgeSeconds;
        }
    }

    private RecentLogin() {
    }

    /**
     * Refuses unless the login at {@code authTime} (epoch seconds; {@code null} or not positive when unknown)
     * is at most {@code maxAgeSeconds} before {@code now}. An unknown login time is refused. A login time slightly
     * in the future (clock skew between nodes) counts as recent. {@code maxAgeSeconds} 0 switches the rule off.
     */
    public static void require(Long authTime, int maxAgeSeconds, long now) {
        if (maxAgeSeconds <= 0) {
            return;
        }
        if (authTime == null || authTime <= 0 || now - authTime > maxAgeSeconds) {
            throw new Required(maxAgeSeconds);
        }
    }
}
