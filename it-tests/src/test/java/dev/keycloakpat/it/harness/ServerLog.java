package dev.keycloakpat.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Keycloak server log written by the harness (console output of {@code kc.sh build} and
 * {@code kc.sh start}). Entries start with a timestamp; stack-trace lines belong to the entry above.
 */
public final class ServerLog {

    private static final Pattern ENTRY_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}[,.]\\d{3} ");
    private static final Pattern LEVEL = Pattern.compile("^\\S+ \\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s");

    private final Path file;

    public ServerLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public String text() {
        return String.join("\n", lines());
    }

    /** The last {@code n} lines, joined, for failure messages. */
    public String tail(int n) {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Log entries (first line plus continuation lines such as stack traces). */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        StringBuilder current = null;
        String level = "";
        for (String line : lines()) {
            if (ENTRY_START.matcher(line).find() || current == null) {
                if (current != null) {
                    entries.add(new Entry(level, current.toString()));
                }
                current = new StringBuilder(line);
                var m = LEVEL.matcher(line);
                level = m.find() ? m.group(1) : "";
            } else {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            entries.add(new Entry(level, current.toString()));
        }
        return entries;
    }

    /** Entries of the given level whose text (including stack traces) mentions any of the needles, case-insensitively. */
    public List<Entry> entries(String level, String... needles) {
        return entries().stream()
                .filter(e -> e.level().equals(level))
                .filter(e -> needles.length == 0 || e.mentionsAny(needles))
                .toList();
    }

    public List<Entry> entriesContaining(String needle) {
        return entries().stream().filter(e -> e.mentionsAny(needle)).toList();
    }

    /** One log entry: level ({@code ""} for lines not in Keycloak's log format) and full text. */
    public record Entry(String level, String text) {
        public boolean mentionsAny(String... needles) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String needle : needles) {
                if (lower.contains(needle.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
