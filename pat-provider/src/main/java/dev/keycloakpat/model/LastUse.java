package dev.keycloakpat.model;

import java.util.List;

/** A token's last use, to store: the use time (epoch seconds) and the last client addresses as they then were. */
public record LastUse(long at, List<String> ips) {
}
