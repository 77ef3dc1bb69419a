package org.unet4j.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.Verdict;
import org.unet4j.experiments.stats.PairedTest;
import org.unet4j.experiments.stats.SignificantBest;

/**
 * The {@code ## Claims} section of a sweep's {@code results.md}: every {@link Claim} the experiment's tables declare
 * (stored with the tables in each run's {@code results.json}), judged per configuration over its n seeds with
 * {@link Claim#judge(List, PairedTest, double)}, the test {@link PairedTest#forSeeds}(n) at level
 * {@link SignificantBest#ALPHA}. A comparison is supported only when it holds on the mean table and is significant
 * paired over the seeds, inconclusive when it is not; with one seed the verdict says "one seed".
 */
final class SweepClaims {
    /** Configuration to table title to that table of each seed, in the order of the seeds. */
    private final Map<String, Map<String, List<ResultTable>>> tables = new LinkedHashMap<>();

    /** Adds one run's copy of a table, the run being of {@code configuration}. */
    void add(String configuration, ResultTable table) {
        tables.computeIfAbsent(configuration, k -> new LinkedHashMap<>())
                .computeIfAbsent(table.title(), k -> new ArrayList<>()).add(table);
    }

    /** Each claim's verdict, by configuration; empty configurations and tables without claims are left out. */
    Map<String, List<Verdict>> verdicts() {
        Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
        tables.forEach((configuration, byTitle) -> {
            List<Verdict> judged = new ArrayList<>();
            for (List<ResultTable> seeds : byTitle.values()) {
                for (Claim claim : seeds.get(0).claims()) {
                    judged.add(judge(claim, seeds));
                }
            }
            if (!judged.isEmpty()) {
                verdicts.put(configuration, judged);
            }
        });
        return verdicts;
    }

    private static Verdict judge(Claim claim, List<ResultTable> seeds) {
        try {
            return claim.judge(seeds, PairedTest.forSeeds(seeds.size()), SignificantBest.ALPHA);
        } catch (IllegalArgumentException e) {
            return new Verdict(claim, Verdict.Status.INCONCLUSIVE, seeds.size() + " seeds", e.getMessage());
        }
    }

    /**
     * The section, a sub-heading per configuration when {@code several}; empty when no table declares a claim.
     */
    String toMarkdown(boolean several) {
        Map<String, List<Verdict>> verdicts = verdicts();
        if (verdicts.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("## Claims\n\nEach claim of the experiment's tables, judged over the"
                + " seeds of its configuration: it must hold on the mean table, and each comparison it rests on must be"
                + " significant paired over the seeds (" + PairedTest.PAIRED_T + " below "
                + PairedTest.WILCOXON_MIN_SEEDS + " seeds, " + PairedTest.WILCOXON + " from "
                + PairedTest.WILCOXON_MIN_SEEDS + ", alpha " + SignificantBest.ALPHA + "), else it is inconclusive; a"
                + " claim without comparisons (a slope, a bound) must hold on every seed.\n\n");
        verdicts.forEach((configuration, judged) -> {
            if (several) {
                out.append("### ").append(configuration).append("\n\n");
            }
            judged.forEach(v -> out.append(v.toMarkdown()).append('\n'));
            if (several) {
                out.append('\n');
            }
        });
        return out.toString();
    }
}
