package dev.keycloakpat.team;

/** A team a token can be bound to: a group or an organization. */
public record Team(String id, String name, String kind) {
    public static final String KIND_GROUP = "group";
    public static final String KIND_ORGANIZATION = "organization";
}
