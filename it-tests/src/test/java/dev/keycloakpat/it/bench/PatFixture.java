package dev.keycloakpat.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.TestRealm;

import java.util.Map;

/**
 * The setup that benchmarks and metrics tests share, in one realm: a user in a team (group), a confidential
 * client for introspection and password grants, a service-account client for {@code client_credentials},
 * a client whose direct-grant flow is the PAT authenticator (README "Exchange", password-grant route) and a client
 * with Keycloak's "Standard token exchange" switch on (RFC 8693 route).
 * PATs are created through the self-service API, as a user would.
 */
public final class PatFixture {

    public static final String USERNAME = "bench-user";
    public static final String PASSWORD = "bench-password-1";
    public static final String APP = "bench-app";
    public static final String APP_SECRET = "bench-app-secret";
    public static final String SERVICE = "bench-service";
    public static final String SERVICE_SECRET = "bench-service-secret";
    public static final String EXCHANGE = "bench-pat-exchange";
    public static final String EXCHANGE_SECRET = "bench-pat-exchange-secret";
    public static final String EXCHANGE_FLOW = "bench-pat-direct-grant";
    public static final String TOKEN_EXCHANGE = "bench-token-exchange";
    public static final String TOKEN_EXCHANGE_SECRET = "bench-token-exchange-secret";

    private final TestRealm realm;
    private final String userId;
    private final String teamId;
    private int created;
    private String userToken;

    private PatFixture(TestRealm realm, String userId, String teamId) {
        this.realm = realm;
        this.userId = userId;
        this.teamId = teamId;
    }

    /** Sets up the realm; {@code maxTokensPerUser} is raised so a benchmark can create many tokens. */
    public static PatFixture setUp(TestRealm realm, int maxTokensPerUser) {
        realm.setAttribute("kcpat.policy", "{\"maxTokensPerUser\":" + maxTokensPerUser + "}");
        // access tokens (the user's for self-service, the JWT a benchmark introspects) outlive a benchmark run
        realm.update(Http.JSON.createObjectNode().put("accessTokenLifespan", 3600).put("ssoSessionIdleTimeout", 7200)
                .put("ssoSessionMaxLifespan", 36000));
        String teamId = realm.createGroup("bench-team");
        String userId = realm.createUser(USERNAME, PASSWORD);
        realm.joinGroup(userId, teamId);
        realm.createConfidentialClient(APP, APP_SECRET);
        // Keycloak 26 introspects a JWT only for a client in its audience: the app's own tokens name the app
        ObjectNode audience = Http.JSON.createObjectNode()
                .put("name", "own-audience").put("protocol", "openid-connect").put("protocolMapper", "oidc-audience-mapper");
        audience.putObject("config").put("included.client.audience", APP).put("access.token.claim", "true")
                .put("introspection.token.claim", "true");
        realm.admin().post(realm.adminPath("/clients/" + realm.clientUuid(APP) + "/protocol-mappers/models"), audience).expect(201);

        ObjectNode service = Http.JSON.createObjectNode()
                .put("clientId", SERVICE).put("enabled", true).put("protocol", "openid-connect")
                .put("publicClient", false).put("clientAuthenticatorType", "client-secret").put("secret", SERVICE_SECRET)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false).put("serviceAccountsEnabled", true);
        realm.admin().post(realm.adminPath("/clients"), service).expect(201);

        ObjectNode flow = Http.JSON.createObjectNode()
                .put("alias", EXCHANGE_FLOW).put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false)
                .put("description", "PAT exchange");
        realm.admin().post(realm.adminPath("/authentication/flows"), flow).expect(201);
        realm.admin().post(realm.adminPath("/authentication/flows/" + EXCHANGE_FLOW + "/executions/execution"),
                Map.of("provider", "pat-authenticator")).expect(201);
        JsonNode execution = realm.admin().get(realm.adminPath("/authentication/flows/" + EXCHANGE_FLOW + "/executions"))
                .expect(200).json().get(0);
        ((ObjectNode) execution).put("requirement", "REQUIRED");
        realm.admin().put(realm.adminPath("/authentication/flows/" + EXCHANGE_FLOW + "/executions"), execution).expect(204);
        String flowId = null;
        for (JsonNode f : realm.admin().get(realm.adminPath("/authentication/flows")).expect(200).json()) {
            if (EXCHANGE_FLOW.equals(f.path("alias").asText())) {
                flowId = f.path("id").asText();
            }
        }
        realm.createConfidentialClient(EXCHANGE, EXCHANGE_SECRET);
        String exchangeUuid = realm.clientUuid(EXCHANGE);
        ObjectNode client = (ObjectNode) realm.admin().get(realm.adminPath("/clients/" + exchangeUuid)).expect(200).json();
        client.putObject("authenticationFlowBindingOverrides").put("direct_grant", flowId);
        realm.admin().put(realm.adminPath("/clients/" + exchangeUuid), client).expect(204);

        String tokenExchangeUuid = realm.createConfidentialClient(TOKEN_EXCHANGE, TOKEN_EXCHANGE_SECRET);
        ObjectNode te = (ObjectNode) realm.admin().get(realm.adminPath("/clients/" + tokenExchangeUuid)).expect(200).json();
        (te.has("attributes") ? (ObjectNode) te.get("attributes") : te.putObject("attributes"))
                .put("standard.token.exchange.enabled", "true");
        realm.admin().put(realm.adminPath("/clients/" + tokenExchangeUuid), te).expect(204);
        return new PatFixture(realm, userId, teamId);
    }

    public TestRealm realm() {
        return realm;
    }

    public String userId() {
        return userId;
    }

    public String teamId() {
        return teamId;
    }

    /**
     * Creates a PAT of the bench user through the self-service API; returns the plaintext token. The user's
     * access token is reused, so keep the realm's access-token lifespan above the caller's run time.
     */
    public String createPat() {
        if (userToken == null) {
            userToken = realm.userToken(APP, USERNAME, PASSWORD);
        }
        ObjectNode body = Http.JSON.createObjectNode()
                .put("name", "bench-" + (++created) + "-" + System.nanoTime())
                .put("teamId", teamId);
        Http.Response response = realm.http().postJson(realm.path("/personal-access-tokens"), body,
                "Authorization", "Bearer " + userToken);
        // creation is limited per user and minute (by bcrypt cost) and needs a recent login: wait, or log in again
        if (response.status() == 429) {
            long seconds = Long.parseLong(response.header("Retry-After").orElse("60"));
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return createPat();
        }
        if (response.status() == 401 && response.body().contains("reauthentication_required")) {
            userToken = realm.userToken(APP, USERNAME, PASSWORD);
            return createPat();
        }
        JsonNode view = response.expect(201).json();
        return view.path("token").asText();
    }

    /** The form of an introspection request by the app client. */
    public static Map<String, String> introspectForm(String token) {
        return Http.form("token", token, "client_id", APP, "client_secret", APP_SECRET);
    }

    /** The form of a PAT exchange (password grant with the PAT as password on the exchange client). */
    public static Map<String, String> exchangeForm(String pat) {
        return Http.form("grant_type", "password", "client_id", EXCHANGE, "client_secret", EXCHANGE_SECRET,
                "username", USERNAME, "password", pat);
    }

    /** The form of an RFC 8693 token exchange of a PAT (CONTRACT §11) on the token-exchange client. */
    public static Map<String, String> tokenExchangeForm(String pat) {
        return Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", pat, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "client_id", TOKEN_EXCHANGE, "client_secret", TOKEN_EXCHANGE_SECRET);
    }

    /** The form of an ordinary password grant of the same user on the app client. */
    public static Map<String, String> passwordForm() {
        return Http.form("grant_type", "password", "client_id", APP, "client_secret", APP_SECRET,
                "username", USERNAME, "password", PASSWORD);
    }

    public static Map<String, String> clientCredentialsForm() {
        return Http.form("grant_type", "client_credentials", "client_id", SERVICE, "client_secret", SERVICE_SECRET);
    }
}
