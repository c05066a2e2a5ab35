package dev.keycloakpat.it.bench;

import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 7's benchmark, one run against the real Keycloak of the harness with the shipped jar: every case with the
 * same concurrency and the same warm-up and measured window. Not part of {@code ./mvnw verify}: failsafe runs
 * {@code *Bench} classes only under {@code -Pbench} (see BENCHMARKS.md). Figures are printed and written to
 * {@code bench.out} (default {@code target/bench-results.md}); nothing is asserted about them, but a case whose
 * answers are not what it measures (e.g. a PAT reported inactive) fails the run.
 * <p>
 * Knobs: {@code -Dbench.threads=16 -Dbench.warmupSeconds=5 -Dbench.seconds=15 -Dbench.floodThreads=4
 * -Dbench.rounds=3 -Dbench.serverWarmupSeconds=30 -Dbench.coldTokens=50 -Dbench.baseTokens=1000 -Dbench.bigTokens=1000000}.
 */
@KeycloakIT
class ValidationBench {

    static final int THREADS = Integer.getInteger("bench.threads", 16);
    static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 5));
    static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    /** Rounds the measured window of compared cases is split into (interleaved). */
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int FLOOD_THREADS = Integer.getInteger("bench.floodThreads", 4);
    static final int COLD_TOKENS = Integer.getInteger("bench.coldTokens", 50);
    static final int BASE_TOKENS = Integer.getInteger("bench.baseTokens", 1_000);
    static final int BIG_TOKENS = Integer.getInteger("bench.bigTokens", 1_000_000);
    /** Mixed traffic of every case before the first measurement, so no case pays for the JIT warming up. */
    static final Duration SERVER_WARMUP = Duration.ofSeconds(Long.getLong("bench.serverWarmupSeconds", 30));
    static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench-results.md"));

    static final String USERNAME = "bench-user";
    static final String TEAM = "bench-team";
    static final String APP = "bench-app";
    static final String APP_SECRET = "bench-app-secret";
    static final String SERVICE = "bench-service";
    static final String SERVICE_SECRET = "bench-service-secret";
    static final String EXCHANGE = "bench-pat-exchange";
    static final String EXCHANGE_SECRET = "bench-pat-exchange-secret";
    static final String TOKEN_EXCHANGE = "bench-token-exchange";
    static final String TOKEN_EXCHANGE_SECRET = "bench-token-exchange-secret";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)", Pattern.MULTILINE);

    private final Map<String, Load.Result> results = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    void benchmark(KeycloakServer server, TestRealm realm) throws Exception {
        Instant begin = Instant.now();
        setUp(realm);
        Pats pats = realm.pats();
        String base = server.baseUrl();
        String introspect = realm.introspectionEndpoint();
        String tokenEndpoint = realm.tokenEndpoint();
        KeepAliveClient builder = new KeepAliveClient(base);

        String pat = createPat(pats);
        String jwt = realm.http().postForm(tokenEndpoint, passwordForm()).expect(200).json().path("access_token").asText();
        String wrongSecret = TokenStrings.forge(TokenStrings.publicId(pat), TokenStrings.randomSecret(RANDOM));
        String unknownId = TokenStrings.forge(TokenStrings.randomBase62(RANDOM, TokenStrings.PUBLIC_ID_LENGTH),
                TokenStrings.randomSecret(RANDOM));
        expectActive(realm, pat, true);
        expectActive(realm, jwt, true);
        expectActive(realm, wrongSecret, false);

        Predicate<KeepAliveClient.Reply> active = r -> r.status() == 200 && r.body().contains("\"active\":true");
        Predicate<KeepAliveClient.Reply> inactive = r -> r.status() == 200 && r.body().contains("\"active\":false");
        Predicate<KeepAliveClient.Reply> issued = r -> r.status() == 200 && r.body().contains("\"access_token\"");
        Predicate<KeepAliveClient.Reply> issuedAccessTokenOnly = issued.and(r -> !r.body().contains("\"refresh_token\"")
                && r.body().contains("\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\""));
        byte[] patIntrospection = builder.formPost(introspect, Http.formBody(introspectForm(pat)));

        try (Filler filler = Filler.open(server, realm)) {
            if (filler != null) {
                filler.fillTo(BASE_TOKENS);
            } else {
                notes.add("The database is %s, not PostgreSQL: the 1,000 vs 1,000,000 tokens case was skipped "
                        .formatted(server.database().kind()) + "(run with -Dkc.db=postgres, as the bench profile does).");
            }

            byte[] jwtIntrospection = builder.formPost(introspect, Http.formBody(introspectForm(jwt)));
            byte[] exchange = builder.formPost(tokenEndpoint, Http.formBody(exchangeForm(pat)));
            byte[] tokenExchange = builder.formPost(tokenEndpoint, Http.formBody(tokenExchangeForm(pat)));
            byte[] clientCredentials = builder.formPost(tokenEndpoint, Http.formBody(clientCredentialsForm()));
            System.out.printf("[bench] warming the server up with mixed traffic for %d s%n", SERVER_WARMUP.toSeconds());
            Predicate<KeepAliveClient.Reply> any = r -> true;
            Load.run(base, SERVER_WARMUP, Duration.ofSeconds(1), List.of(
                    new Load.Group("warm-up", THREADS, i -> switch (i % 5) {
                        case 0 -> jwtIntrospection;
                        case 1 -> patIntrospection;
                        case 2 -> exchange;
                        case 3 -> tokenExchange;
                        default -> clientCredentials;
                    }, any)));

            // cases compared with each other run interleaved, in ROUNDS rounds of MEASURE / ROUNDS each, so that a
            // drift of the machine (JIT, other load) does not favour whichever case runs first
            interleaved(base, List.of(
                    new Case("JWT introspection", jwtIntrospection, active),
                    new Case("PAT introspection", patIntrospection, active),
                    new Case("invalid-token introspection", builder.formPost(introspect, Http.formBody(introspectForm("not-a-token"))), inactive),
                    new Case("malformed-PAT introspection", builder.formPost(introspect, Http.formBody(introspectForm("kcpat_" + "A".repeat(50)))), inactive)));
            interleaved(base, List.of(
                    new Case("PAT token exchange (RFC 8693)", tokenExchange, issuedAccessTokenOnly),
                    new Case("PAT exchange (password grant)", exchange, issued),
                    new Case("password grant", builder.formPost(tokenEndpoint, Http.formBody(passwordForm())), issued),
                    new Case("client_credentials grant", clientCredentials, issued)));

            coldFirstUse(pats, base, introspect, builder);
            flood(server, base, introspect, builder, patIntrospection, wrongSecret, active, inactive);

            if (filler != null) {
                byte[] unknown = builder.formPost(introspect, Http.formBody(introspectForm(unknownId)));
                long tx0 = filler.transactions();
                measure("PAT introspection, " + filler.count() + " tokens in DB", patIntrospection, active, base, "pat@base");
                long tx1 = filler.transactions();
                measure("unknown-id introspection, " + filler.count() + " tokens in DB", unknown, inactive, base, "unknown@base");
                long tx2 = filler.transactions();
                notes.add(("Database transactions committed in Keycloak's database per request (pg_stat_database, warm-up and "
                        + "window, background jobs included): warm PAT introspection %.4f, unknown-id introspection %.4f.")
                        .formatted((tx1 - tx0) / (double) results.get("pat@base").requests() * MEASURE.toNanos() / (MEASURE.toNanos() + WARMUP.toNanos()),
                                (tx2 - tx1) / (double) results.get("unknown@base").requests() * MEASURE.toNanos() / (MEASURE.toNanos() + WARMUP.toNanos())));
                long firstBig = filler.next();
                filler.fillTo(BIG_TOKENS);
                measure("PAT introspection, " + filler.count() + " tokens in DB", patIntrospection, active, base, "pat@big");
                measure("unknown-id introspection, " + filler.count() + " tokens in DB", unknown, inactive, base, "unknown@big");
                // and back: the same cases once more after the filler is gone, so machine drift shows as a
                // difference between the two small-table measurements rather than as a table-size effect
                filler.removeFrom(firstBig);
                measure("PAT introspection, " + filler.count() + " tokens in DB (again)", patIntrospection, active, base, "pat@base2");
                measure("unknown-id introspection, " + filler.count() + " tokens in DB (again)", unknown, inactive, base, "unknown@base2");
            }
        }
        report(server, Duration.between(begin, Instant.now()));
    }

    /** One load case: the same request from every client thread, and what its answer must look like. */
    record Case(String name, byte[] request, Predicate<KeepAliveClient.Reply> expected) {
    }

    private void interleaved(String base, List<Case> cases) {
        Duration slice = MEASURE.dividedBy(ROUNDS);
        Duration warm = WARMUP.dividedBy(ROUNDS);
        Map<String, Load.Result> sums = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Case c : cases) {
                Load.Result r = Load.run(base, warm, slice, new Load.Group(c.name(), THREADS, i -> c.request(), c.expected()));
                sums.merge(c.name(), r, Load.Result::plus);
            }
        }
        sums.forEach(this::record);
    }

    private void measure(String name, byte[] request, Predicate<KeepAliveClient.Reply> expected, String base, String key) {
        Load.Result r = Load.run(base, WARMUP, MEASURE, new Load.Group(name, THREADS, i -> request, expected));
        record(key, r);
    }

    private void record(String key, Load.Result r) {
        System.out.printf("[bench] %-45s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  (%d requests, %d unexpected)%n",
                r.name(), r.rps(), r.p50Millis(), r.p99Millis(), r.requests(), r.unexpected());
        if (r.requests() == 0 || r.unexpected() > r.requests() / 100) {
            throw new AssertionError("%s: %d of %d answers were not what this case measures, e.g. %s"
                    .formatted(r.name(), r.unexpected(), r.requests(), r.sampleUnexpected()));
        }
        results.put(key, r);
    }

    /** First use of fresh tokens, one at a time (bcrypt plus a database lookup), then a second, cached use. */
    private void coldFirstUse(Pats pats, String base, String introspect, KeepAliveClient builder) throws IOException {
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < COLD_TOKENS; i++) {
            fresh.add(createPat(pats));
        }
        long[] cold = new long[fresh.size()];
        long[] warm = new long[fresh.size()];
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            for (int i = 0; i < fresh.size(); i++) {
                byte[] request = builder.formPost(introspect, Http.formBody(introspectForm(fresh.get(i))));
                long t0 = System.nanoTime();
                KeepAliveClient.Reply first = client.send(request);
                long t1 = System.nanoTime();
                KeepAliveClient.Reply second = client.send(request);
                long t2 = System.nanoTime();
                if (!first.body().contains("\"active\":true") || !second.body().contains("\"active\":true")) {
                    throw new AssertionError("a fresh token was not active: " + first.body() + " / " + second.body());
                }
                cold[i] = t1 - t0;
                warm[i] = t2 - t1;
            }
        }
        Arrays.sort(cold);
        Arrays.sort(warm);
        double seconds = 0;
        for (long c : cold) {
            seconds += c / 1e9;
        }
        Load.Result coldResult = new Load.Result("PAT introspection, first use (cold, bcrypt), 1 client", 1, seconds,
                cold.length, 0, cold.length / seconds, Load.percentile(cold, 0.5), Load.percentile(cold, 0.99), null, cold);
        Load.Result warmResult = new Load.Result("PAT introspection, second use (cached), 1 client", 1, 0,
                warm.length, 0, Double.NaN, Load.percentile(warm, 0.5), Load.percentile(warm, 0.99), null, warm);
        record("cold", coldResult);
        record("cold-second", warmResult);
    }

    /** Legitimate PAT introspection alone, then next to a flood of wrong secrets for the same token id. */
    private void flood(KeycloakServer server, String base, String introspect, KeepAliveClient builder, byte[] legit,
                       String wrongSecret, Predicate<KeepAliveClient.Reply> active, Predicate<KeepAliveClient.Reply> inactive) {
        byte[] attack = builder.formPost(introspect, Http.formBody(introspectForm(wrongSecret)));
        Duration slice = MEASURE.dividedBy(ROUNDS);
        Duration warm = WARMUP.dividedBy(ROUNDS);
        Load.Result alone = null;
        Load.Result legitDuring = null;
        Load.Result attackDuring = null;
        String before = metrics(server);
        for (int round = 0; round < ROUNDS; round++) {
            Load.Result a = Load.run(base, warm, slice, new Load.Group("legitimate PAT introspection, no flood", THREADS, i -> legit, active));
            List<Load.Result> both = Load.run(base, warm, slice, List.of(
                    new Load.Group("legitimate PAT introspection, during flood", THREADS, i -> legit, active),
                    new Load.Group("flood: wrong secret, same token id", FLOOD_THREADS, i -> attack, inactive)));
            alone = alone == null ? a : alone.plus(a);
            legitDuring = legitDuring == null ? both.get(0) : legitDuring.plus(both.get(0));
            attackDuring = attackDuring == null ? both.get(1) : attackDuring.plus(both.get(1));
        }
        String after = metrics(server);
        record("flood-baseline", alone);
        record("flood-legit", legitDuring);
        record("flood-attack", attackDuring);
        double bcrypt = sum(after, "outcome=\"bad_secret\"") - sum(before, "outcome=\"bad_secret\"");
        double throttled = sum(after, "outcome=\"throttled\"") - sum(before, "outcome=\"throttled\"");
        notes.add("Flood (warm-up and window): %,.0f wrong secrets refused by the throttle before any bcrypt, %,.0f went to bcrypt."
                .formatted(throttled, bcrypt));
    }

    private static String metrics(KeycloakServer server) {
        Http.Response r = server.http().get(server.managementUrl() + "/metrics");
        return r.status() == 200 ? r.body() : "";
    }

    private static double sum(String exposition, String label) {
        double total = 0;
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            if (m.group(1).equals("keycloak_pat_validations_total") && m.group(2) != null && m.group(2).contains(label)) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    private void report(KeycloakServer server, Duration took) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(Instant.now()).append(", ").append(THREADS).append(" client threads, warm-up ")
                .append(WARMUP.toSeconds()).append(" s + measured ").append(MEASURE.toSeconds()).append(" s per case, database ")
                .append(server.database().kind()).append(", total ").append(took.toSeconds()).append(" s.\n\n");
        md.append("| case | clients | requests/s | p50 ms | p99 ms | unexpected |\n|---|---:|---:|---:|---:|---:|\n");
        results.values().forEach(r -> md.append(r.row()).append('\n'));
        md.append("\n| ratio | value | goal |\n|---|---:|---|\n");
        ratio(md, "PAT / JWT introspection (req/s)", rps("PAT introspection") / rps("JWT introspection"), ">= 3");
        ratio(md, "PAT / invalid-token introspection (req/s)", rps("PAT introspection") / rps("invalid-token introspection"), ">= 0.75");
        ratio(md, "PAT token exchange (RFC 8693) / client_credentials (req/s)",
                rps("PAT token exchange (RFC 8693)") / rps("client_credentials grant"), ">= 0.85");
        ratio(md, "PAT token exchange (RFC 8693) / password grant (req/s)",
                rps("PAT token exchange (RFC 8693)") / rps("password grant"), ">= 25");
        ratio(md, "PAT exchange (password grant) / client_credentials (req/s)",
                rps("PAT exchange (password grant)") / rps("client_credentials grant"), ">= 0.8");
        ratio(md, "PAT exchange (password grant) / password grant (req/s)",
                rps("PAT exchange (password grant)") / rps("password grant"), ">= 25");
        ratio(md, "PAT token exchange (RFC 8693) / PAT exchange (password grant) (req/s)",
                rps("PAT token exchange (RFC 8693)") / rps("PAT exchange (password grant)"), "(info)");
        ratio(md, "legitimate req/s during flood / without", rps("flood-legit") / rps("flood-baseline"), ">= 0.8");
        if (results.containsKey("pat@big")) {
            double patBase = (rps("pat@base") + rps("pat@base2")) / 2;
            double patBaseP50 = (results.get("pat@base").p50Millis() + results.get("pat@base2").p50Millis()) / 2;
            ratio(md, "warm PAT introspection req/s, %,d (mean of before and after) / %,d tokens in DB"
                    .formatted(BASE_TOKENS, BIG_TOKENS), patBase / rps("pat@big"), "<= 1.2");
            ratio(md, "warm PAT introspection p50, %,d / %,d (mean of before and after) tokens in DB"
                    .formatted(BIG_TOKENS, BASE_TOKENS), results.get("pat@big").p50Millis() / patBaseP50, "<= 1.2");
            ratio(md, "warm PAT introspection req/s, %,d tokens before / after the million (drift)".formatted(BASE_TOKENS),
                    rps("pat@base") / rps("pat@base2"), "(info)");
            ratio(md, "unknown-id (DB lookup) req/s, %,d (mean) / %,d tokens in DB".formatted(BASE_TOKENS, BIG_TOKENS),
                    (rps("unknown@base") + rps("unknown@base2")) / 2 / rps("unknown@big"), "(info)");
        }
        ratio(md, "cold first use p50 / cached second use p50 (latency)",
                results.get("cold").p50Millis() / results.get("cold-second").p50Millis(), "(info)");
        md.append('\n');
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        System.out.println("[bench] results\n" + md);
        Files.createDirectories(OUT.toAbsolutePath().getParent());
        Files.writeString(OUT, md.toString(), StandardCharsets.UTF_8);
        System.out.println("[bench] written to " + OUT.toAbsolutePath());
    }

    private double rps(String key) {
        Load.Result r = results.get(key);
        return r == null ? Double.NaN : r.rps();
    }

    private static void ratio(StringBuilder md, String name, double value, String goal) {
        md.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, "%.2f", value)).append(" | ")
                .append(goal).append(" |\n");
    }

    private static void expectActive(TestRealm realm, String token, boolean active) {
        boolean actual = realm.http().postForm(realm.introspectionEndpoint(), introspectForm(token))
                .expect(200).json().path("active").asBoolean();
        if (actual != active) {
            throw new AssertionError("introspection of a bench token: expected active=" + active);
        }
    }

    /**
     * One realm for every case: the bench user in a team, a confidential app (introspection and password grants;
     * its own tokens name it in their audience, as Keycloak 26 introspects a JWT only for a client in its audience),
     * a service-account client ({@code client_credentials}), a client whose direct-grant flow is the PAT
     * authenticator (README "Exchange") and a client with "Standard token exchange" on (RFC 8693).
     */
    private static void setUp(TestRealm realm) {
        // access tokens (the user's for self-service, the JWT the benchmark introspects) outlive a benchmark run
        realm.update(Http.JSON.createObjectNode().put("accessTokenLifespan", 3600).put("ssoSessionIdleTimeout", 7200)
                .put("ssoSessionMaxLifespan", 36000));
        realm.withPolicy("{\"maxTokensPerUser\":100000}")
                .withUser(USERNAME).withTeam(TEAM, USERNAME)
                .withConfidentialClient(APP, APP_SECRET).withAudience(APP, APP)
                .withConfidentialClient(EXCHANGE, EXCHANGE_SECRET).withPatFlow(EXCHANGE)
                .withConfidentialClient(TOKEN_EXCHANGE, TOKEN_EXCHANGE_SECRET).withStandardTokenExchange(TOKEN_EXCHANGE, true);
        realm.createClient(Http.JSON.createObjectNode()
                .put("clientId", SERVICE).put("enabled", true).put("protocol", "openid-connect")
                .put("publicClient", false).put("clientAuthenticatorType", "client-secret").put("secret", SERVICE_SECRET)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", true));
    }

    private String userToken;
    private int created;

    /**
     * A PAT of the bench user, through the self-service API. Creation is limited per user and minute (by bcrypt
     * cost) and needs a recent login: on 429 wait, on {@code reauthentication_required} log in again.
     */
    private String createPat(Pats pats) {
        while (true) {
            if (userToken == null) {
                userToken = pats.realm().userToken(APP, USERNAME, TestRealm.passwordOf(USERNAME));
            }
            Http.Response response = pats.createResponse(userToken,
                    Pats.request("bench-" + (++created) + "-" + System.nanoTime(), pats.realm().teamId(TEAM)));
            if (response.status() == 429) {
                Await.pause(Duration.ofSeconds(Long.parseLong(response.header("Retry-After").orElse("60"))));
            } else if (response.status() == 401 && response.body().contains("reauthentication_required")) {
                userToken = null;
            } else {
                return response.expect(201).json().path("token").asText();
            }
        }
    }

    /** The form of an introspection request by the app client. */
    private static Map<String, String> introspectForm(String token) {
        return Http.form("token", token, "client_id", APP, "client_secret", APP_SECRET);
    }

    /** The form of a PAT exchange (password grant with the PAT as password on the exchange client). */
    private static Map<String, String> exchangeForm(String pat) {
        return Http.form("grant_type", "password", "client_id", EXCHANGE, "client_secret", EXCHANGE_SECRET,
                "username", USERNAME, "password", pat);
    }

    /**
     * The form of an RFC 8693 token exchange of a PAT (docs/api.md, "Exchange for a JWT") on the token-exchange client.
     */
    private static Map<String, String> tokenExchangeForm(String pat) {
        return Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", pat, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "client_id", TOKEN_EXCHANGE, "client_secret", TOKEN_EXCHANGE_SECRET);
    }

    /** The form of an ordinary password grant of the same user on the app client. */
    private static Map<String, String> passwordForm() {
        return Http.form("grant_type", "password", "client_id", APP, "client_secret", APP_SECRET,
                "username", USERNAME, "password", TestRealm.passwordOf(USERNAME));
    }

    private static Map<String, String> clientCredentialsForm() {
        return Http.form("grant_type", "client_credentials", "client_id", SERVICE, "client_secret", SERVICE_SECRET);
    }

    /**
     * Filler rows written straight into KCPAT_TOKEN with SQL (creating a million tokens through the API would
     * cost a million bcrypt hashes): other users' tokens of the same realm and team, never presented.
     */
    static final class Filler implements AutoCloseable {
        private final Connection connection;
        private final String realmId;
        private final String teamId;
        private long next = 1;

        private Filler(Connection connection, String realmId, String teamId) {
            this.connection = connection;
            this.realmId = realmId;
            this.teamId = teamId;
        }

        /** Null unless the server runs on PostgreSQL. */
        static Filler open(KeycloakServer server, TestRealm realm) throws SQLException {
            if (server.database() != Database.POSTGRES) {
                return null;
            }
            Database db = server.database();
            Properties props = new Properties();
            props.setProperty("user", "postgres");
            Connection c = DriverManager.getConnection(
                    "jdbc:postgresql://%s:%d/%s".formatted(db.host(), db.port(), Database.DB_NAME), props);
            return new Filler(c, realm.representation().path("id").asText(), realm.teamId(TEAM));
        }

        /** Transactions committed in this database so far, as PostgreSQL's statistics have them now. */
        long transactions() throws SQLException, InterruptedException {
            Thread.sleep(1_500); // statistics reach pg_stat_database about once a second: a reading, not a test
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        long count() throws SQLException {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM kcpat_token")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void fillTo(long total) throws SQLException {
            long missing = total - count();
            Instant begin = Instant.now();
            String sql = "INSERT INTO kcpat_token (id, realm_id, user_id, public_id, secret_hash, name, team_id, team_kind,"
                    + " write_access, roles, created_at, expires_at, last_used_at, expiry_notified_at)"
                    + " SELECT md5('kcpat-filler-' || g)::uuid::text, ?, md5('kcpat-filler-user-' || (g % 100000))::uuid::text,"
                    + " 'Z' || lpad(g::text, 11, '0'), '$2a$10$' || repeat('.', 53), 'filler-' || g, ?, 'group',"
                    + " false, null, 1700000000 + g, null, null, null FROM generate_series(?::bigint, ?::bigint) g";
            while (missing > 0) {
                long batch = Math.min(missing, 200_000);
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, realmId);
                    ps.setString(2, teamId);
                    ps.setLong(3, next);
                    ps.setLong(4, next + batch - 1);
                    ps.executeUpdate();
                }
                next += batch;
                missing -= batch;
            }
            settle();
            System.out.printf("[bench] %,d tokens in KCPAT_TOKEN (filled in %d s)%n", count(),
                    Duration.between(begin, Instant.now()).toSeconds());
        }

        /** The number of the next filler row. */
        long next() {
            return next;
        }

        /** Deletes the filler rows numbered {@code first} and up (those of the big fill). */
        void removeFrom(long first) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM kcpat_token WHERE name LIKE 'filler-%' AND created_at >= ?")) {
                ps.setLong(1, 1_700_000_000L + first);
                ps.executeUpdate();
            }
            next = first;
            settle();
            System.out.printf("[bench] %,d tokens in KCPAT_TOKEN again%n", count());
        }

        /** Fresh statistics and a checkpoint now, so no vacuum or checkpoint of the bulk change runs during a case. */
        private void settle() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("VACUUM ANALYZE kcpat_token");
                s.execute("CHECKPOINT");
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
