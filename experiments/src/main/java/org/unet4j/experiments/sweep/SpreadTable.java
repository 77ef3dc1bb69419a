package org.unet4j.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.stats.SeedSummary;
import org.unet4j.experiments.stats.SignificantBest;

/**
 * A result table of an experiment printed again over the seeds of a sweep, in the experiment's own layout (the
 * paper's): each cell becomes mean ± standard deviation, a second table gives the 95 % confidence intervals, and a
 * column's best cell is bold only when it is significantly better than the runner-up, paired over the seeds both
 * have ({@link SignificantBest}); the decision and the test are stated under the table. With several
 * configurations, each configuration's rows are listed with the configuration in front of the row's label.
 */
final class SpreadTable {
    private final ResultTable layout;
    /** Row label to column to seed to value. */
    private final Map<String, List<Map<Long, Double>>> cells = new LinkedHashMap<>();

    /** An empty table in the layout (title, caption, columns) of {@code layout}. */
    SpreadTable(ResultTable layout) {
        this.layout = layout;
    }

    /** Adds the rows of one run's copy of the table, labelled with {@code configuration} in front when not null. */
    void add(String configuration, long seed, ResultTable run) {
        for (ResultTable.Row row : run.rows()) {
            String label = configuration == null ? row.label() : configuration + " · " + row.label();
            List<Map<Long, Double>> columns = cells.computeIfAbsent(label, k -> {
                List<Map<Long, Double>> empty = new ArrayList<>();
                layout.columns().forEach(c -> empty.add(new TreeMap<>()));
                return empty;
            });
            double[] values = row.values();
            for (int c = 0; c < Math.min(values.length, columns.size()); c++) {
                if (Double.isFinite(values[c])) {
                    columns.get(c).put(seed, values[c]);
                }
            }
        }
    }

    /** The table as Markdown: means ± sd, the intervals, and the significance decision per column. */
    String toMarkdown() {
        List<ResultTable.Column> columns = layout.columns();
        List<String> bold = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            SignificantBest decision = decide(c);
            bold.add(decision != null && decision.significant() ? decision.best() : null);
            notes.add(columns.get(c).header() + ": " + (decision == null
                    ? "fewer than two rows with 2 or more common seeds, no test" : decision.toString()));
        }
        StringBuilder out = new StringBuilder();
        out.append("**").append(layout.title()).append(".** ").append(layout.caption())
                .append(" Mean ± standard deviation over seeds (n seeds where not all).\n\n");
        header(out, "");
        for (Map.Entry<String, List<Map<Long, Double>>> row : cells.entrySet()) {
            out.append("| ").append(row.getKey());
            for (int c = 0; c < columns.size(); c++) {
                Map<Long, Double> values = row.getValue().get(c);
                String text = summary(values) == null ? "n/a" : summary(values).meanSd(columns.get(c).decimals())
                        + (values.size() < seedCount() ? " (n = " + values.size() + ")" : "");
                out.append(" | ").append(row.getKey().equals(bold.get(c)) ? "**" + text + "**" : text);
            }
            out.append(" |\n");
        }
        out.append("\nSignificance (alpha ").append(SignificantBest.ALPHA).append(", paired over seeds): ")
                .append(String.join("; ", notes)).append(".\n\n");
        out.append("95 % confidence intervals of the means (Student t):\n\n");
        header(out, " 95 % CI");
        for (Map.Entry<String, List<Map<Long, Double>>> row : cells.entrySet()) {
            out.append("| ").append(row.getKey());
            for (int c = 0; c < columns.size(); c++) {
                SeedSummary s = summary(row.getValue().get(c));
                out.append(" | ").append(s == null ? "n/a" : s.interval(columns.get(c).decimals()));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private void header(StringBuilder out, String suffix) {
        out.append("| ").append(layout.labelHeader());
        layout.columns().forEach(c -> out.append(" | ").append(c.header()).append(suffix));
        out.append(" |\n|:--");
        layout.columns().forEach(c -> out.append("|--:"));
        out.append("|\n");
    }

    private int seedCount() {
        Set<Long> seeds = new TreeSet<>();
        cells.values().forEach(columns -> columns.forEach(m -> seeds.addAll(m.keySet())));
        return seeds.size();
    }

    private static SeedSummary summary(Map<Long, Double> values) {
        return values.isEmpty() ? null : SeedSummary.of(values.values().stream().mapToDouble(Double::doubleValue)
                .toArray());
    }

    /** The decision for column {@code c} over the seeds every row with values has; null when it cannot be made. */
    private SignificantBest decide(int c) {
        Map<String, Map<Long, Double>> rows = new LinkedHashMap<>();
        cells.forEach((label, columns) -> {
            if (!columns.get(c).isEmpty()) {
                rows.put(label, columns.get(c));
            }
        });
        if (rows.size() < 2) {
            return null;
        }
        Set<Long> common = new TreeSet<>(rows.values().iterator().next().keySet());
        rows.values().forEach(m -> common.retainAll(m.keySet()));
        if (common.size() < 2) {
            return null;
        }
        Map<String, double[]> samples = new LinkedHashMap<>();
        rows.forEach((label, m) -> samples.put(label, common.stream().mapToDouble(m::get).toArray()));
        return SignificantBest.decide(samples, layout.columns().get(c).higherIsBetter(), SignificantBest.ALPHA);
    }
}
