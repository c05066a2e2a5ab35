package dev.keycloakpat.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.runtime.VerifiedTokenCache;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.token.SecretHasher;

/**
 * The in-memory part of {@code PatValidator} before the live checks: parse and checksum, the SHA-256 cache key,
 * the cache lookup among 100,000 entries, and bcrypt (what a cache miss costs instead) for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidationPathBenchmark {

    private String token;
    private String badChecksum;
    private String digest;
    private String missingDigest;
    private String secret;
    private String hash;
    private VerifiedTokenCache cache;

    @Setup(Level.Trial)
    public void setUp() {
        cache = new VerifiedTokenCache(200_000, 600_000, System::currentTimeMillis);
        for (int i = 0; i < 100_000; i++) {
            String t = PatToken.generate().encode();
            cache.put(cache.digest(t), CacheHeap.record(PatToken.parse(t).orElseThrow(), i));
        }
        PatToken parsed = PatToken.generate();
        token = parsed.encode();
        char last = token.charAt(token.length() - 1);
        badChecksum = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
        digest = cache.digest(token);
        missingDigest = cache.digest(PatToken.generate().encode());
        secret = parsed.secret();
        hash = SecretHasher.hash(secret, 10);
        cache.put(digest, CacheHeap.record(parsed, -1));
    }

    /** Parse a valid token: prefix, length, alphabet, CRC32 checksum. */
    @Benchmark
    public Object parseValid() {
        return PatToken.parse(token);
    }

    /** A mistyped token is refused by the checksum, without any storage access. */
    @Benchmark
    public Object parseBadChecksum() {
        return PatToken.parse(badChecksum);
    }

    /** The cache key: SHA-256 of the whole token. */
    @Benchmark
    public String digest() {
        return cache.digest(token);
    }

    /** Lookup of a known digest among 100,000 cached tokens. */
    @Benchmark
    public PatRecord cacheGet() {
        return cache.get(digest);
    }

    /** What the validator does for a cached token before the live checks: parse, digest, lookup. */
    @Benchmark
    public PatRecord cacheHitPath() {
        PatToken t = PatToken.parse(token).orElseThrow();
        PatRecord r = cache.get(cache.digest(token));
        return r != null && r.publicId().equals(t.publicId()) ? r : null;
    }

    /** The lookup of a token never verified (a cache miss, before the store and bcrypt). */
    @Benchmark
    public PatRecord cacheMiss() {
        return cache.get(missingDigest);
    }

    /** bcrypt at the default cost 10: what each use would cost without the cache. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public boolean bcryptVerifyCost10() {
        return SecretHasher.matches(secret, hash);
    }
}
