package dev.keycloakpat.it.harness;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backs {@link KeycloakIT}: starts the shared server once (stopped when the test run ends) and gives each
 * top-level test class its own realm (nested classes share their outer class's realm).
 * <p>
 * When the server cannot run here (e.g. {@code -Dkc.db=postgres} without a reachable PostgreSQL) every test is
 * reported as skipped with the reason: the abort is replayed per test, because Surefire/Failsafe report a class
 * aborted in {@code @BeforeAll} as "Tests run: 0", which would look like a silent pass.
 */
public final class KeycloakExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static final Set<Class<?>> INJECTABLE = Set.of(KeycloakServer.class, TestRealm.class, AdminApi.class, Http.class);
    private static final AtomicInteger REALM_COUNTER = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            realm(context);
        } catch (TestAbortedException e) {
            context.getStore(NAMESPACE).put(TestAbortedException.class, e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestAbortedException skipped = context.getStore(NAMESPACE).get(TestAbortedException.class, TestAbortedException.class);
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage(), skipped);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTABLE.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == TestRealm.class) {
            return realm(extensionContext);
        }
        KeycloakServer server = server(extensionContext);
        if (type == KeycloakServer.class) {
            return server;
        }
        if (type == AdminApi.class) {
            return server.admin();
        }
        return server.http();
    }

    /** The JVM-wide server; registered in the root store so JUnit stops it when the whole run is over. */
    static KeycloakServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ServerResource.class, key -> new ServerResource(KeycloakServer.shared()), ServerResource.class)
                .server();
    }

    /** The realm of the outermost test class around {@code context}, created on first use. */
    static TestRealm realm(ExtensionContext context) {
        ExtensionContext classContext = outermostClassContext(context);
        KeycloakServer server = server(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(RealmResource.class,
                        key -> new RealmResource(TestRealm.create(server, realmName(classContext))), RealmResource.class)
                .realm();
    }

    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    /** e.g. {@code InstallIT} becomes {@code it-installit-3}: readable in the admin console, unique per run. */
    private static String realmName(ExtensionContext classContext) {
        String simpleName = classContext.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        String base = simpleName.length() > 40 ? simpleName.substring(0, 40) : simpleName;
        return "it-" + base + "-" + REALM_COUNTER.incrementAndGet();
    }

    private record ServerResource(KeycloakServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.stop();
        }
    }

    private record RealmResource(TestRealm realm) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            realm.close();
        }
    }
}
