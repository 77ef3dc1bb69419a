package org.unet4j.experiments.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.unet4j.experiments.output.Evidence.Cell;
import org.unet4j.experiments.output.Evidence.Comparison;
import org.unet4j.experiments.output.Evidence.Outcome;
import org.unet4j.experiments.stats.PairedTest;

/**
 * A claim of a paper, stated next to the table that can check it: the statement as the paper makes it (or as this
 * reproduction reads it), where the paper makes it, and the {@link TableCheck} that decides it on the table.
 *
 * <pre>{@code
 * Claim db = new Claim("DB has the highest Dice at every noise level", "Continuous U-Net (TMLR 2024), Table 4",
 *         TableCheck.best("DB", ".*", List.of()));
 * Verdict oneRun = db.judge(table);                             // "supported (one seed)" or "not supported (one seed)"
 * Verdict overSeeds = db.judge(perSeedTables, PairedTest.forSeeds(perSeedTables.size()), 0.05);
 *                                                           // comparisons must be significant over the seeds
 * }</pre>
 *
 * @param statement what is claimed, e.g. "RK4 is at least as good as Euler, AB and ABM in every metric"
 * @param source    paper and place, e.g. "Continuous U-Net (TMLR 2024), Table 5"
 * @param check     the predicate over the table
 */
public record Claim(String statement, String source, TableCheck check) {
    /** Checks the parts are given. */
    public Claim {
        if (statement == null || statement.isBlank() || source == null || source.isBlank() || check == null) {
            throw new IllegalArgumentException("a claim needs a statement, a source and a check, got '" + statement
                    + "', '" + source + "', " + check);
        }
    }

    /** The verdict of one run (one seed): supported when the check holds, not supported when it fails. */
    public Verdict judge(ResultTable table) {
        Evidence e = check.evaluate(table);
        return new Verdict(this, status(e.outcome()), "one seed", e.numbers());
    }

    /**
     * The verdict over several seeds, one table per seed (same rows and columns). The check is evaluated on the mean
     * table; when it holds there, each comparison it rests on must also be significant, {@code test}'s two-sided
     * p-value of the paired per-seed values below {@code alpha}, or the verdict is inconclusive; the basis names the
     * test and the largest p-value. A check without comparisons (a slope, a bound) must hold on every seed's table to
     * be supported. One table is {@link #judge(ResultTable)}.
     */
    public Verdict judge(List<ResultTable> seeds, PairedTest test, double alpha) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("judging '" + statement + "' needs at least one seed's table");
        }
        if (seeds.size() == 1) {
            return judge(seeds.get(0));
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("the significance level alpha lies in (0, 1), got " + alpha);
        }
        String basis = seeds.size() + " seeds, mean";
        Evidence mean = check.evaluate(ResultTable.mean(seeds));
        if (mean.outcome() != Outcome.HOLDS) {
            return new Verdict(this, status(mean.outcome()), basis, mean.numbers());
        }
        if (mean.comparisons().isEmpty()) {
            long holding = seeds.stream().filter(t -> check.evaluate(t).outcome() == Outcome.HOLDS).count();
            return new Verdict(this, holding == seeds.size() ? Verdict.Status.SUPPORTED : Verdict.Status.INCONCLUSIVE,
                    basis + ", holds on " + holding + " of " + seeds.size(), mean.numbers());
        }
        double worst = 0;
        Comparison weakest = null;
        for (Comparison c : mean.comparisons()) {
            double p = test.pValue(values(seeds, c.better()), values(seeds, c.worse()));
            if (weakest == null || p > worst) {
                worst = p;
                weakest = c;
            }
        }
        String significance = String.format(Locale.ROOT, "%s, largest p = %.3g (%s vs %s), alpha %s", test, worst,
                weakest.better(), weakest.worse(), alpha);
        return new Verdict(this, worst < alpha ? Verdict.Status.SUPPORTED : Verdict.Status.INCONCLUSIVE,
                basis + "; " + significance, mean.numbers());
    }

    private static double[] values(List<ResultTable> seeds, Cell cell) {
        List<Double> values = new ArrayList<>();
        seeds.forEach(t -> values.add(t.value(cell.row(), cell.column())));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Verdict.Status status(Outcome outcome) {
        return switch (outcome) {
            case HOLDS -> Verdict.Status.SUPPORTED;
            case FAILS -> Verdict.Status.NOT_SUPPORTED;
            case MISSING -> Verdict.Status.INCONCLUSIVE;
        };
    }
}
