package dev.keycloakpat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.runtime.VerifiedTokenCache;
import dev.keycloakpat.token.PatToken;

/**
 * Heap retained by the real {@link VerifiedTokenCache} holding N distinct live tokens: used heap after full GCs
 * (run with {@code -XX:+UseSerialGC} so {@code System.gc()} is a full, compacting collection) before and after
 * filling the cache, divided by N. Entries are shaped like the store's: UUID ids, a 60-character bcrypt hash,
 * a name, a team. Usage: {@code CacheHeap <tokens> <output file>}.
 */
public final class CacheHeap {

    private CacheHeap() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path out = args.length > 1 ? Path.of(args[1]) : null;
        // warm the classes and the digest before the baseline
        VerifiedTokenCache warm = new VerifiedTokenCache(10, 60_000, System::currentTimeMillis);
        warm.put(warm.digest(PatToken.generate().encode()), record(PatToken.generate(), 0));

        long before = usedAfterGc();
        VerifiedTokenCache cache = new VerifiedTokenCache(Math.max(200_000, n + 1), 600_000, System::currentTimeMillis);
        for (int i = 0; i < n; i++) {
            PatToken t = PatToken.generate();
            cache.put(cache.digest(t.encode()), record(t, i));
        }
        long after = usedAfterGc();
        if (cache.size() != n) {
            throw new IllegalStateException("cache holds " + cache.size() + ", expected " + n);
        }
        long bytes = after - before;
        String line = "| heap of the verified-token cache, %,d distinct live tokens | %.1f MiB | %,d bytes per token |%n"
                .formatted(n, bytes / 1024.0 / 1024.0, bytes / n);
        System.out.print("[bench] " + line);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, line);
        }
        if (cache.size() < 0) {
            System.out.println(cache); // keeps the cache reachable until after the measurement
        }
    }

    /** A stored token as the JPA store returns it: every string a distinct object. */
    static PatRecord record(PatToken t, int i) {
        String userId = UUID.randomUUID().toString();
        String hash = "$2a$10$" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "").substring(0, 21);
        return new PatRecord(UUID.randomUUID().toString(), new String("6f1c2e4a-0000-4000-8000-000000000001"), userId,
                t.publicId(), hash, "ci token " + i, UUID.randomUUID().toString(), new String("group"), false, null,
                1_700_000_000L + i, 1_800_000_000L + i, null, null);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
