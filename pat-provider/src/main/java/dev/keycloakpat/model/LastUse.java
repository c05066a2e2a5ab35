package dev.keycloakpat.model;

import java.util.List;

/** A use of a token waiting to be written: its time (epoch seconds) and the client addresses as they then were. */
public record LastUse(long at, List<String> ips) {
}
