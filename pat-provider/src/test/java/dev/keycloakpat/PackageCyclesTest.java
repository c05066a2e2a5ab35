package dev.keycloakpat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.policy.PatPolicy;

/**
 * No package cycles: the top-level packages of {@code dev.keycloakpat} (a package with its sub-packages, as
 * ArchUnit's {@code slices().matching("dev.keycloakpat.(*)..")}) depend on each other without a cycle. Reads the
 * compiled classes: every class name in a class file's constant pool (references, descriptors, generic
 * signatures) is a dependency.
 */
class PackageCyclesTest {

    private static final Pattern REFERENCE = Pattern.compile("dev/keycloakpat/(\\w+)/");

    @Test
    void topLevelPackagesHaveNoCycles() throws Exception {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.size() > 10, "read the compiled packages: " + graph.keySet());
        List<Set<String>> cycles = new ArrayList<>(stronglyConnected(graph));
        cycles.removeIf(c -> c.size() < 2);
        assertEquals(List.of(), cycles, "packages that depend on each other; dependencies: " + graph);
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")),
                stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList());
    }

    /** Top-level package → the top-level packages its classes use. */
    private static Map<String, Set<String>> dependencies() throws IOException, URISyntaxException {
        Path root = Path.of(PatPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/keycloakpat");
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // a class directly in dev.keycloakpat belongs to no slice
                }
                String from = relative.getName(0).toString();
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                try (InputStream in = Files.newInputStream(file)) {
                    for (String text : constantTexts(in)) {
                        Matcher m = REFERENCE.matcher(text);
                        while (m.find()) {
                            if (!m.group(1).equals(from)) {
                                to.add(m.group(1));
                            }
                        }
                    }
                }
            }
        }
        return graph;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS §4.4). */
    private static List<String> constantTexts(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt(); // magic
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }

    /** Tarjan's strongly connected components: each cycle of the graph is within one component. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        return new Object() {
            final Map<String, Integer> index = new TreeMap<>();
            final Map<String, Integer> low = new TreeMap<>();
            final List<String> stack = new ArrayList<>();
            final List<Set<String>> components = new ArrayList<>();

            List<Set<String>> run() {
                new TreeSet<>(graph.keySet()).forEach(v -> {
                    if (!index.containsKey(v)) {
                        visit(v);
                    }
                });
                return components;
            }

            void visit(String v) {
                index.put(v, index.size());
                low.put(v, index.get(v));
                stack.add(v);
                for (String w : graph.getOrDefault(v, Set.of())) {
                    if (!index.containsKey(w)) {
                        visit(w);
                        low.put(v, Math.min(low.get(v), low.get(w)));
                    } else if (stack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.remove(stack.size() - 1);
                        component.add(w);
                    } while (!w.equals(v));
                    components.add(component);
                }
            }
        }.run();
    }
}
