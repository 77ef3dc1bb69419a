package org.unet4j.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.ResultTables;
import org.unet4j.experiments.output.TableCheck;
import org.unet4j.experiments.output.Verdict;

/**
 * A sweep judges each claim its experiment's tables declare over the seeds of each configuration: a comparison that
 * holds on the mean is supported when it is significant paired over the seeds and inconclusive when it is not; one
 * seed says so.
 */
class SweepClaimsTest {
    private static final Claim DB_BEST = new Claim("DB has the highest Dice", "Paper, Table 3",
            TableCheck.best("DB", "Dice", List.of()));

    /** DB's Dice ahead of PLN's by 0.02, 0.02, 0.025 over three seeds (paired t-test: p = 0.00587). */
    private static final double[][] CONSISTENT = {{0.81, 0.79}, {0.82, 0.80}, {0.815, 0.79}};
    /** Ahead by 0.02, 0, 0.04: ahead on the mean but p = 0.225. */
    private static final double[][] INCONSISTENT = {{0.81, 0.79}, {0.80, 0.80}, {0.82, 0.78}};

    private static ResultTable table(double[] seed) {
        return new ResultTable("Table 3", "Blocks compared.", "Block Type", List.of(ResultTable.Column.higher("Dice",
                3))).addRow("PLN", seed[1]).addRow("DB", seed[0]).addClaim(DB_BEST);
    }

    private static List<Verdict> judged(double[]... seeds) {
        SweepClaims claims = new SweepClaims();
        for (double[] seed : seeds) {
            claims.add("default", table(seed));
        }
        return claims.verdicts().get("default");
    }

    @Test
    void aComparisonConsistentOverTheSeedsIsSupportedWithTheTestNamed() {
        Verdict v = judged(CONSISTENT).get(0);
        assertEquals(Verdict.Status.SUPPORTED, v.status());
        assertEquals("3 seeds, mean; paired t-test, largest p = 0.00587 (DB / Dice vs PLN / Dice), alpha 0.05",
                v.basis());
    }

    @Test
    void aComparisonThatHoldsOnTheMeanButNotSignificantlyIsInconclusive() {
        Verdict v = judged(INCONSISTENT).get(0);
        assertEquals(Verdict.Status.INCONCLUSIVE, v.status());
        assertTrue(v.basis().startsWith("3 seeds, mean; paired t-test, largest p = 0.225"), v.basis());
        assertEquals("Dice: DB 0.810 beats PLN 0.790", v.numbers());
    }

    @Test
    void oneSeedSaysSo() {
        Verdict v = judged(CONSISTENT[0]).get(0);
        assertEquals(Verdict.Status.SUPPORTED, v.status());
        assertEquals("one seed", v.basis());
    }

    @Test
    void seedsWhoseTablesDifferAreInconclusiveWithTheReason() {
        SweepClaims claims = new SweepClaims();
        claims.add("default", table(CONSISTENT[0]));
        claims.add("default", table(CONSISTENT[1]).addRow("FO", 0.5));
        Verdict v = claims.verdicts().get("default").get(0);
        assertEquals(Verdict.Status.INCONCLUSIVE, v.status());
        assertTrue(v.numbers().contains("same rows and columns"), v.numbers());
    }

    @Test
    void tablesWithoutClaimsGiveNoSection() {
        SweepClaims claims = new SweepClaims();
        claims.add("default", new ResultTable("T", "c", List.of(ResultTable.Column.higher("Dice", 3)))
                .addRow("DB", 0.8));
        assertEquals("", claims.toMarkdown(false));
    }

    /** The results.md of a sweep, written from its run folders, ends with the claims of each configuration. */
    @Test
    void theSweepsResultsEndWithTheClaimsOfEachConfiguration(@TempDir Path tmp) throws Exception {
        Path folder = tmp.resolve("sweep");
        List<Map<String, String>> points = List.of(Map.of("lr", "0.01"), Map.of("lr", "0.001"));
        SweepPlan plan = new SweepPlan("blocks", "lr=0.01,0.001", Map.of(), points, List.of(7L, 8L, 9L));
        plan.saveOrCheck(folder);
        for (SweepRun run : plan.runs()) {
            double[][] seeds = run.point().get("lr").equals("0.01") ? CONSISTENT : INCONSISTENT;
            Path dir = run.directory(folder);
            Files.createDirectories(dir);
            ResultTables.write(dir.resolve("results.json"), List.of(table(seeds[(int) (run.seed() - 7)])));
            RunMarker.writeDone(dir, new RunMarker.Done(Map.of(), 1.0, "here"));
        }
        SweepReport.write(plan, folder, "Table 3 on stand-ins.");
        String results = Files.readString(folder.resolve("results.md"));
        int claims = results.indexOf("\n## Claims\n\n");
        assertTrue(claims > results.indexOf("**Table 3.**"), results);
        String section = results.substring(claims);
        assertTrue(section.contains("paired t-test below 6 seeds, Wilcoxon signed-rank test from 6, alpha 0.05"),
                section);
        assertTrue(section.contains("### lr=0.01\n\n- **supported** (3 seeds, mean; paired t-test, largest p = 0.00587"
                + " (DB / Dice vs PLN / Dice), alpha 0.05): DB has the highest Dice (Paper, Table 3). Dice: DB 0.815"
                + " beats PLN 0.793.\n"), section);
        assertTrue(section.contains("### lr=0.001\n\n- **inconclusive** (3 seeds, mean; paired t-test, largest p ="
                + " 0.225"), section);
    }
}
