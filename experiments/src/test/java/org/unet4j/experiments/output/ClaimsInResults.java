package org.unet4j.experiments.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code ## Claims} section of a run's {@code results.md}, for the experiments' tests. */
public final class ClaimsInResults {
    private ClaimsInResults() {
    }

    /**
     * Checks that {@code results.md} in {@code dir} ends with a Claims section holding exactly one verdict per claim
     * of {@code claims}, in order, each on one seed; returns the verdict text ("supported", ...) per statement.
     */
    public static Map<String, String> verdicts(Path dir, List<Claim> claims) throws IOException {
        String results = Files.readString(dir.resolve("results.md"));
        int at = results.indexOf("\n## Claims\n\n");
        assertTrue(at >= 0, "no Claims section in\n" + results);
        List<String> lines = results.substring(at + "\n## Claims\n\n".length()).lines().toList();
        assertEquals(claims.size(), lines.size(), String.join("\n", lines));
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < claims.size(); i++) {
            String line = lines.get(i);
            String status = line.replaceFirst("^- \\*\\*(supported|not supported|inconclusive)\\*\\* \\(one seed\\):"
                    + " .*$", "$1");
            assertTrue(!status.equals(line), "not a one-seed verdict: " + line);
            assertTrue(line.contains(": " + claims.get(i).statement() + " (" + claims.get(i).source() + "). "), line);
            verdicts.put(claims.get(i).statement(), status);
        }
        return verdicts;
    }
}
