package dev.keycloakpat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Makes user-controlled names (usernames, team and role names) safe as HTTP header values: printable ASCII
 * stays as is, everything else (control characters such as CR and LF, non-ASCII, {@code %}, and in lists
 * the separating {@code ,}) is percent-encoded as UTF-8, so a value can never end a header or add one, and
 * the original can be recovered with any URL decoder. Plain ASCII names, the usual case, are unchanged.
 */
public final class HeaderValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValues() {
    }

    public static String value(String raw) {
        return encode(raw, false);
    }

    /** Items percent-encoded (commas included) and joined with {@code ,}. */
    public static String list(Collection<String> items) {
        return items.stream().map(i -> encode(i, true)).collect(Collectors.joining(","));
    }

    /** A quoted-string (RFC 9110) for auth-parameters such as {@code realm="…"}. */
    public static String quoted(String raw) {
        return "\"" + value(raw).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String encode(String raw, boolean listItem) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = null;
        int last = raw.length() - 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean edgeSpace = c == ' ' && (i == 0 || i == last);
            boolean safe = c >= 0x20 && c <= 0x7E && c != '%' && !(listItem && c == ',') && !edgeSpace;
            if (safe) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i < last ? i + 2 : i + 1;
            for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return out == null ? raw : out.toString();
    }
}
