package dev.keycloakpat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void plainAsciiNamesAreUnchanged() {
        assertEquals("alice", HeaderValues.value("alice"));
        assertEquals("Platform Team (EU)", HeaderValues.value("Platform Team (EU)"));
        assertEquals("deploy,registry/push", HeaderValues.list(List.of("deploy", "registry/push")));
    }

    @Test
    void lineBreaksCannotStartANewHeader() {
        String evil = "eve\r\nX-Auth-User: admin";
        String encoded = HeaderValues.value(evil);
        assertFalse(encoded.contains("\r") || encoded.contains("\n"), encoded);
        assertEquals("eve%0D%0AX-Auth-User: admin", encoded);
    }

    @Test
    void nonAsciiIsPercentEncodedUtf8AndDecodesBack() {
        String name = "Zoë-团队-\uD83D\uDE80";
        String encoded = HeaderValues.value(name);
        assertEquals(encoded, encoded.replaceAll("[^\\x20-\\x7E]", ""), "only printable ASCII: " + encoded);
        assertEquals(name, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }

    @Test
    void percentIsEncodedSoDecodingIsExact() {
        assertEquals("100%25", HeaderValues.value("100%"));
    }

    @Test
    void commasInsideListItemsAreEncodedSoItemsStaySeparable() {
        assertEquals("a%2Cb,c", HeaderValues.list(List.of("a,b", "c")));
        assertEquals("a,b", HeaderValues.value("a,b"), "single values keep their commas");
    }

    @Test
    void edgeSpacesSurviveHeaderTrimming() {
        assertEquals("%20x%20", HeaderValues.value(" x "));
    }

    @Test
    void quotedEscapesQuotesAndBackslashes() {
        assertEquals("\"a\\\"b\\\\c\"", HeaderValues.quoted("a\"b\\c"));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", HeaderValues.value(null));
    }
}
