package dev.keycloakpat.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.runtime.PatMetrics;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.runtime.RuntimeOptions;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.token.SecretHasher;
import dev.keycloakpat.validation.PatValidator.EntryPoint;

/**
 * The validation pipeline on its own, with a node runtime of its own (a clock the test moves, 3 wrong secrets a
 * minute) and Keycloak's models as small fakes: which check answers first, when the store and bcrypt are consulted,
 * and what the runtime remembers.
 */
class PatValidatorTest {

    private static final String REALM_ID = "realm-1";

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PatRuntime runtime = new PatRuntime(
            new RuntimeOptions(1000, 60, 3, 10, 3600, 30), clock::get,
            new PatMetrics(registry, List.of()));

    private final Map<String, PatRecord> rows = new HashMap<>();
    private int storeLookups;
    private final Map<String, String> realmAttributes = new HashMap<>();
    private boolean realmEnabled = true;
    private boolean aliceEnabled = true;
    private boolean aliceExists = true;

    private final RealmModel realm = fake(RealmModel.class, (m, a) -> switch (m.getName()) {
        case "getId", "getName" -> REALM_ID;
        case "isEnabled" -> realmEnabled;
        case "getAttribute" -> realmAttributes.get((String) a[0]);
        case "setAttribute" -> realmAttributes.put((String) a[0], String.valueOf(a[1]));
        default -> unsupported(m);
    });
    private final UserModel alice = fake(UserModel.class, (m, a) -> switch (m.getName()) {
        case "getId" -> "alice-id";
        case "getUsername" -> "alice";
        case "isEnabled" -> aliceEnabled;
        case "getServiceAccountClientLink" -> null;
        case "getRoleMappingsStream", "getGroupsStream" -> Stream.empty();
        default -> unsupported(m);
    });
    private final KeycloakSession session = fake(KeycloakSession.class, (m, a) -> switch (m.getName()) {
        case "getProvider" -> a[0] == PatRuntime.class ? runtime : a[0] == PatStore.class ? store() : unsupported(m);
        case "users" -> fake(UserProvider.class, (um, ua) -> switch (um.getName()) {
            case "getUserById" -> aliceExists && ua[1].equals("alice-id") ? alice : null;
            default -> unsupported(um);
        });
        case "getContext" -> fake(KeycloakContext.class, (cm, ca) -> null);
        default -> unsupported(m);
    });
    private final PatValidator validator = new PatValidator(session);

    PatValidatorTest() {
        // no teams, so a token bound to none is fine; a per-token limit of one request a minute for the rate-limit test
        realmAttributes.put(PolicyStore.ATTRIBUTE, "{\"teamSource\":\"none\",\"rateLimitPerMinute\":1,\"rateLimitBurst\":0}");
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.BiFunction<Method, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(PatValidatorTest.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object[] a = args == null ? new Object[0] : args;
            // ints the pipeline reads (not-before times) are 0 unless a fake says otherwise
            if (method.getReturnType() == int.class && method.getName().startsWith("getNotBefore")) {
                return 0;
            }
            return answer.apply(method, a);
        });
    }

    private static Object unsupported(Method m) {
        throw new UnsupportedOperationException("not faked: " + m.getDeclaringClass().getSimpleName() + "." + m.getName());
    }

    private PatStore store() {
        return fake(PatStore.class, (m, a) -> {
            storeLookups++;
            return switch (m.getName()) {
                case "findByPublicId" -> rows.values().stream().filter(r -> r.publicId().equals(a[1])).findFirst();
                case "findById" -> Optional.ofNullable(rows.get((String) a[1]));
                default -> unsupported(m);
            };
        });
    }

    /** Stores a token of alice's whose secret is {@code secret}'s, expiring at {@code expiresAt}; returns the row. */
    private PatRecord store(PatToken token, String secret, Long expiresAt) {
        long now = Time.currentTime();
        PatRecord r = new PatRecord("id-" + token.publicId(), REALM_ID, "alice-id", token.publicId(),
                SecretHasher.hash(secret, SecretHasher.MIN_COST), "t", null, null, false, null, now - 10, expiresAt, null, null);
        rows.put(r.id(), r);
        return r;
    }

    private PatRecord store(PatToken token) {
        return store(token, token.secret(), (long) Time.currentTime() + 3600);
    }

    private Outcome use(String presented, EntryPoint at, String owner) {
        return validator.use(realm, presented, at, owner, null).outcome();
    }

    private Outcome introspect(String presented) {
        return use(presented, EntryPoint.INTROSPECTION, null);
    }

    private double count(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aDisabledRealmAnswersBeforeAnythingIsParsedOrLookedUp() {
        realmEnabled = false;
        assertEquals(Outcome.REALM_DISABLED, introspect("garbage"));
        assertEquals(Outcome.REALM_DISABLED, introspect(PatToken.generate().encode()));
        assertEquals(0, storeLookups);
    }

    @Test
    void garbageIsMalformedWithoutTouchingTheStore() {
        assertEquals(Outcome.MALFORMED, introspect("kcpat_not-a-token"));
        assertEquals(Outcome.MALFORMED, introspect(null));
        assertEquals(0, storeLookups);
        assertEquals(2, count("keycloak.pat.validations", "outcome", "malformed"), "counted by reason");
    }

    @Test
    void anUnknownIdIsLookedUpOnceThenRememberedForAMinute() {
        String made = PatToken.generate().encode();
        assertEquals(Outcome.UNKNOWN, introspect(made));
        assertEquals(Outcome.UNKNOWN, introspect(made));
        assertEquals(1, storeLookups, "the second miss is answered from the negative cache");
        clock.addAndGet(60_001);
        assertEquals(Outcome.UNKNOWN, introspect(made));
        assertEquals(2, storeLookups);
    }

    @Test
    void wrongSecretsAreThrottledBeforeTheStoreAndBcryptAndTheRightOneWaitsToo() {
        PatToken real = PatToken.generate();
        store(real, PatToken.generate().secret(), (long) Time.currentTime() + 3600); // the stored secret is another
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.BAD_SECRET, introspect(real.encode()), "attempt " + i);
        }
        int lookups = storeLookups;
        assertEquals(Outcome.THROTTLED, introspect(real.encode()));
        assertEquals(lookups, storeLookups, "a throttled id is refused before the store");
        clock.addAndGet(60_001);
        assertEquals(Outcome.BAD_SECRET, introspect(real.encode()), "a new minute, a new budget");
    }

    @Test
    void whileItsIdIsThrottledOnlyTheStringThisNodeVerifiedGetsThrough() {
        PatToken verified = PatToken.generate();
        store(verified);
        assertEquals(Outcome.VALID, introspect(verified.encode()));
        PatToken neverSeen = PatToken.generate();
        store(neverSeen);
        clock.addAndGet(61_000); // the cache entry (60 s) has aged out
        for (int i = 0; i < 3; i++) { // a flood of wrong secrets for both ids
            runtime.throttle().recordFailure(verified.publicId());
            runtime.throttle().recordFailure(neverSeen.publicId());
        }
        assertEquals(Outcome.VALID, introspect(verified.encode()), "vouched for: store lookup, no bcrypt");
        assertEquals(Outcome.THROTTLED, introspect(neverSeen.encode()), "never verified here: waits out the flood");
    }

    @Test
    void theCacheServesASecondUseWithoutStoreOrBcrypt() {
        PatToken token = PatToken.generate();
        PatRecord row = store(token);
        assertEquals(Outcome.VALID, introspect(token.encode()));
        int lookups = storeLookups;
        rows.clear(); // were the store asked again, the token would be unknown
        assertEquals(Outcome.VALID, introspect(token.encode()));
        assertEquals(lookups, storeLookups);
        assertEquals(1, count("keycloak.pat.cache", "result", "hit"));
        assertEquals(1, count("keycloak.pat.cache", "result", "miss"));
        assertEquals(2, count("keycloak.pat.validations", "outcome", "valid"));
        assertNotNull(runtime.lastUsed().lastUsedAt(row), "the use waits to be written");
    }

    @Test
    void aRevokedTokenIsUnknownEvenRightAfterItWasCached() {
        PatToken token = PatToken.generate();
        PatRecord row = store(token);
        assertEquals(Outcome.VALID, introspect(token.encode()));
        runtime.cache().revoke(row.id());
        assertEquals(Outcome.UNKNOWN, validator.validateById(realm, row.id()).outcome(),
                "tombstoned: not served from the cache, not read from the store");
        rows.remove(row.id());
        assertEquals(Outcome.UNKNOWN, introspect(token.encode()));
    }

    @Test
    void theSecretIsCheckedBeforeTheExpiry() {
        PatToken token = PatToken.generate();
        store(token, token.secret(), (long) Time.currentTime() - 10);
        assertEquals(Outcome.EXPIRED, introspect(token.encode()));
        PatToken wrong = PatToken.generate();
        store(wrong, PatToken.generate().secret(), (long) Time.currentTime() - 10);
        assertEquals(Outcome.BAD_SECRET, introspect(wrong.encode()), "an expired token's existence is not confirmed");
    }

    @Test
    void theOwnerIsCheckedLive() {
        PatToken token = PatToken.generate();
        store(token);
        aliceEnabled = false;
        assertEquals(Outcome.USER_DISABLED, introspect(token.encode()));
        aliceExists = false;
        assertEquals(Outcome.USER_NOT_FOUND, introspect(token.encode()));
    }

    @Test
    void aNamedOwnerMustBeTheTokensOwner() {
        PatToken token = PatToken.generate();
        store(token);
        assertEquals(Outcome.WRONG_OWNER, use(token.encode(), EntryPoint.TOKEN_EXCHANGE, "mallory"));
        assertEquals(Outcome.VALID, use(token.encode(), EntryPoint.INTROSPECTION, " ALICE "), "trimmed, any case");
    }

    @Test
    void theRequestLimitAppliesWhereTheEntryPointIsLimitedAndAfterTheOtherChecks() {
        PatToken token = PatToken.generate();
        store(token);
        assertEquals(Outcome.VALID, use(token.encode(), EntryPoint.GATEWAY, null));
        Validation limited = validator.use(realm, token.encode(), EntryPoint.GATEWAY, null, null);
        assertEquals(Outcome.RATE_LIMITED, limited.outcome());
        assertTrue(limited.retryAfterSeconds() >= 1 && limited.retryAfterSeconds() <= 60, "" + limited.retryAfterSeconds());
        assertEquals(Outcome.VALID, introspect(token.encode()), "introspection is not limited");
        assertEquals(Outcome.WRONG_OWNER, use(token.encode(), EntryPoint.GATEWAY, "mallory"),
                "the owner is checked before the limit");
        clock.addAndGet(60_000);
        assertEquals(Outcome.VALID, use(token.encode(), EntryPoint.GATEWAY, null));
    }
}
