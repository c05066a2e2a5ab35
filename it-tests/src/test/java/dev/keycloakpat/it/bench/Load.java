package dev.keycloakpat.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Closed-loop load: each group's threads send requests back to back on their own kept-alive connection for a
 * warm-up, then a measured window of the same length for every case; latencies of requests that started and
 * ended inside the window are kept. Several groups run at once (e.g. legitimate traffic next to a flood).
 */
final class Load {

    /** One kind of traffic: {@code threads} clients, each sending {@code request.apply(thread)}. */
    record Group(String name, int threads, IntFunction<byte[]> request, Predicate<KeepAliveClient.Reply> expected) {
    }

    /** What one group achieved in the measured window. */
    record Result(String name, int threads, double seconds, long requests, long unexpected, double rps,
                  double p50Millis, double p99Millis, String sampleUnexpected, long[] sortedNanos) {

        /** This result and another of the same case (another round) as one. */
        Result plus(Result other) {
            long[] all = Arrays.copyOf(sortedNanos, sortedNanos.length + other.sortedNanos.length);
            System.arraycopy(other.sortedNanos, 0, all, sortedNanos.length, other.sortedNanos.length);
            Arrays.sort(all);
            double s = seconds + other.seconds;
            long n = requests + other.requests;
            return new Result(name, threads, s, n, unexpected + other.unexpected, n / s, percentile(all, 0.5),
                    percentile(all, 0.99), sampleUnexpected != null ? sampleUnexpected : other.sampleUnexpected, all);
        }

        String row() {
            return "| %s | %d | %,.0f | %.2f | %.2f | %d |".formatted(name, threads, rps, p50Millis, p99Millis, unexpected);
        }
    }

    private Load() {
    }

    static Result run(String baseUrl, Duration warmup, Duration measure, Group group) {
        return run(baseUrl, warmup, measure, List.of(group)).get(0);
    }

    static List<Result> run(String baseUrl, Duration warmup, Duration measure, List<Group> groups) {
        List<Worker> workers = new ArrayList<>();
        for (Group g : groups) {
            for (int t = 0; t < g.threads(); t++) {
                workers.add(new Worker(g, t, baseUrl));
            }
        }
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + measure.toNanos();
        workers.forEach(w -> w.window(start, end));
        workers.forEach(Thread::start);
        for (Worker w : workers) {
            w.joinQuietly();
        }
        List<Result> results = new ArrayList<>();
        double seconds = measure.toNanos() / 1e9;
        for (Group g : groups) {
            List<Worker> mine = workers.stream().filter(w -> w.group == g).toList();
            for (Worker w : mine) {
                if (w.failure != null) {
                    throw new IllegalStateException("client of " + g.name() + " failed", w.failure);
                }
            }
            int n = mine.stream().mapToInt(w -> w.count).sum();
            long[] all = new long[n];
            int at = 0;
            for (Worker w : mine) {
                System.arraycopy(w.latencies, 0, all, at, w.count);
                at += w.count;
            }
            Arrays.sort(all);
            long unexpected = mine.stream().mapToLong(w -> w.unexpected).sum();
            String sample = mine.stream().map(w -> w.sampleUnexpected).filter(s -> s != null).findFirst().orElse(null);
            results.add(new Result(g.name(), g.threads(), seconds, n, unexpected, n / seconds,
                    percentile(all, 0.50), percentile(all, 0.99), sample, all));
        }
        return results;
    }

    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    private static final class Worker extends Thread {
        private final Group group;
        private final byte[] request;
        private final KeepAliveClient client;
        private long start;
        private long end;
        private long[] latencies = new long[4096];
        private int count;
        private long unexpected;
        private String sampleUnexpected;
        private Throwable failure;

        Worker(Group group, int index, String baseUrl) {
            super("load-" + group.name() + "-" + index);
            setDaemon(true);
            this.group = group;
            this.request = group.request().apply(index);
            this.client = new KeepAliveClient(baseUrl);
        }

        void window(long startNanos, long endNanos) {
            this.start = startNanos;
            this.end = endNanos;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    KeepAliveClient.Reply reply = client.send(request);
                    long t1 = System.nanoTime();
                    if (t0 >= start && t1 <= end) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = t1 - t0;
                        if (!group.expected().test(reply)) {
                            unexpected++;
                            if (sampleUnexpected == null) {
                                sampleUnexpected = "HTTP " + reply.status() + " " + abbreviate(reply.body());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
            } catch (Throwable e) {
                failure = e;
            } finally {
                client.close();
            }
        }

        void joinQuietly() {
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
