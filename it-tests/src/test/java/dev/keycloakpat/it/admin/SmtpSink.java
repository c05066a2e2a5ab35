package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server on 127.0.0.1 (plain SMTP, no auth, no TLS) that keeps every message it receives.
 * Just enough of RFC 5321 for Keycloak's mail sender: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */
public final class SmtpSink implements AutoCloseable {

    /** One received message: envelope recipients and the raw DATA (headers and body, dot-unstuffed). */
    public record Message(String from, List<String> recipients, String data) {

        public String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*(?:\\r?\\n[ \\t].*)*)").matcher(headers());
            return m.find() ? m.group(1).replaceAll("\\r?\\n[ \\t]+", " ").trim() : null;
        }

        public String headers() {
            int end = data.indexOf("\r\n\r\n");
            return end < 0 ? data : data.substring(0, end);
        }

        /** The whole message with quoted-printable soft breaks and escapes decoded (good enough to search text). */
        public String decoded() {
            String s = data.replace("=\r\n", "");
            Matcher m = Pattern.compile("=([0-9A-F]{2})").matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private final ServerSocket server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SmtpSink() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Realm settings (a realm update) that send the realm's mail to this sink; add other settings to it as needed. */
    public ObjectNode realmSettings() {
        ObjectNode changes = Http.JSON.createObjectNode();
        changes.putObject("smtpServer").put("host", "127.0.0.1").put("port", String.valueOf(port()))
                .put("from", "keycloak@example.test").put("auth", "false").put("ssl", "false").put("starttls", "false");
        return changes;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Message> messagesTo(String address) {
        return messages.stream().filter(m -> m.recipients().stream().anyMatch(r -> r.equalsIgnoreCase(address))).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "smtp-sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(30_000);
            reply(out, "220 smtp-sink ready");
            String from = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-smtp-sink\r\n250 8BITMIME");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 smtp-sink");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    recipients = new ArrayList<>();
                    reply(out, "250 OK");
                } else if (upper.startsWith("RCPT TO:")) {
                    recipients.add(address(line.substring(8)));
                    reply(out, "250 OK");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    }
                    messages.add(new Message(from, List.copyOf(recipients), data.toString()));
                    reply(out, "250 OK queued");
                } else if (upper.equals("RSET")) {
                    from = null;
                    recipients = new ArrayList<>();
                    reply(out, "250 OK");
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 OK");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to keep
        }
    }

    private static String address(String s) {
        String t = s.trim();
        int lt = t.indexOf('<');
        int gt = t.indexOf('>');
        return lt >= 0 && gt > lt ? t.substring(lt + 1, gt) : t.split("\\s")[0];
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
