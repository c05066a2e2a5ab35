package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private static List<String> problems(int perMinute, int burst) {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("rateLimitPerMinute", perMinute);
        p = p.with("rateLimitBurst", burst);
        return PolicyValidator.problems(p);
    }

    @Test
    void rateLimitIsOffByDefault() {
        assertEquals(0, PatPolicy.defaults().rateLimitPerMinute());
        assertEquals(0, PatPolicy.defaults().rateLimitBurst());
    }

    @Test
    void aRateWithOrWithoutBurstIsValid() {
        assertEquals(List.of(), problems(60, 0));
        assertEquals(List.of(), problems(2, 3));
        assertEquals(List.of(), problems(1_000_000, 1_000_000));
    }

    @Test
    void negativeOrHugeValuesAreRefused() {
        assertEquals(1, problems(-1, 0).size());
        assertEquals(1, problems(1_000_001, 0).size());
        assertEquals(1, problems(10, -1).size());
    }

    @Test
    void aBurstWithoutARateIsRefused() {
        List<String> problems = problems(0, 5);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("rateLimitBurst"), problems.toString());
    }
}
