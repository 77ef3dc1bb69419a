package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.ResultTables;
import org.unet4j.experiments.stats.PairedTest;
import org.unet4j.experiments.stats.SeedSummary;
import org.unet4j.experiments.stats.SignificantBest;
import org.unet4j.experiments.training.MetricsCsv;

/**
 * The aggregated outputs of a sweep, read from its run folders: {@code runs.csv} (one row per run: parameters,
 * seed, status, time, every reported metric, error), {@code results.md} (the reported metrics and every table the
 * experiment writes, in its own layout, with mean ± sd, n, 95 % intervals and bold only where significantly best,
 * then the {@link SweepClaims} section: the tables' claims judged over the seeds) and {@code plots/} (a box plot
 * over seeds per reported metric, mean learning curves with a band per {@code metrics.csv} of the runs).
 */
final class SweepReport {
    /** The file of one row per run. */
    static final String RUNS_FILE = "runs.csv";

    private record Result(SweepRun run, String status, RunMarker.Done done, RunMarker.Failed failed) {
    }

    private final SweepPlan plan;
    private final Path folder;
    private final String description;
    private final List<Result> results = new ArrayList<>();

    private SweepReport(SweepPlan plan, Path folder, String description) throws IOException {
        this.plan = plan;
        this.folder = folder;
        this.description = description;
        for (SweepRun run : plan.runs()) {
            Path dir = run.directory(folder);
            if (RunMarker.isDone(dir)) {
                results.add(new Result(run, "done", RunMarker.readDone(dir), null));
            } else {
                RunMarker.Failed failed = RunMarker.readFailed(dir);
                results.add(new Result(run, failed != null ? "failed" : "not run", null, failed));
            }
        }
    }

    /** Writes runs.csv, results.md and the plots of the sweep in {@code folder}. */
    static void write(SweepPlan plan, Path folder, String description) throws IOException {
        SweepReport report = new SweepReport(plan, folder, description);
        report.writeRunsCsv();
        report.writeResults();
        report.writePlots();
    }

    /** The reported metrics of all runs, sorted by name (runs report them in no fixed order). */
    private List<String> metricNames() {
        Set<String> names = new TreeSet<>();
        results.stream().filter(r -> r.done() != null).forEach(r -> names.addAll(r.done().results().keySet()));
        return new ArrayList<>(names);
    }

    private void writeRunsCsv() throws IOException {
        List<String> metrics = metricNames();
        List<String> parameters = new ArrayList<>(plan.fixed().keySet());
        plan.points().forEach(p -> p.keySet().stream().filter(k -> !parameters.contains(k)).forEach(parameters::add));
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(parameters);
        header.addAll(List.of("seed", "status", "seconds", "host"));
        header.addAll(metrics);
        header.add("error");
        StringBuilder out = new StringBuilder(String.join(",", header.stream().map(SweepReport::csv).toList()))
                .append('\n');
        for (Result r : results) {
            Map<String, String> values = plan.parameters(r.run());
            List<String> row = new ArrayList<>(List.of(r.run().id()));
            parameters.forEach(p -> row.add(values.getOrDefault(p, "")));
            row.add(Long.toString(r.run().seed()));
            row.add(r.status());
            row.add(r.done() == null ? "" : String.format(Locale.ROOT, "%.1f", r.done().seconds()));
            row.add(r.done() == null ? "" : r.done().host());
            for (String m : metrics) {
                Double v = r.done() == null ? null : r.done().results().get(m);
                row.add(v == null ? "" : Double.toString(v));
            }
            row.add(r.failed() == null ? "" : r.failed().error());
            out.append(String.join(",", row.stream().map(SweepReport::csv).toList())).append('\n');
        }
        AtomicFiles.writeString(folder.resolve(RUNS_FILE), out.toString());
    }

    private static String csv(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private Map<String, List<Result>> byConfiguration() {
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : results) {
            groups.computeIfAbsent(r.run().configuration(), k -> new ArrayList<>());
            if (r.done() != null) {
                groups.get(r.run().configuration()).add(r);
            }
        }
        return groups;
    }

    private void writeResults() throws IOException {
        long done = results.stream().filter(r -> r.done() != null).count();
        List<Result> failed = results.stream().filter(r -> r.failed() != null).toList();
        StringBuilder out = new StringBuilder("# Sweep of " + plan.experiment() + "\n\n" + description + "\n\n");
        out.append(plan.space().isEmpty() ? "One configuration" : "Grid: `" + plan.space() + "`, "
                + plan.points().size() + " configurations").append("; fixed parameters: ")
                .append(plan.fixed().isEmpty() ? "none" : plan.fixed().toString()).append("; seeds ")
                .append(plan.seeds()).append(".\n\n");
        out.append(String.format(Locale.ROOT, "Runs: %d of %d done, %d failed, %d not run.%n%n", done,
                results.size(), failed.size(), results.size() - done - failed.size()));
        for (Result r : failed) {
            out.append("- failed: `").append(r.run().id()).append("`: ").append(r.failed().error()).append('\n');
        }
        if (!failed.isEmpty()) {
            out.append('\n');
        }
        out.append("Statistics over seeds: mean ± sample standard deviation, n, and the 95 % confidence interval of the"
                + " mean from Student's t. A best value is bold only where it is significantly better than the"
                + " runner-up at alpha ").append(SignificantBest.ALPHA).append(", paired over seeds: ")
                .append(PairedTest.PAIRED_T).append(" with fewer than ").append(PairedTest.WILCOXON_MIN_SEEDS)
                .append(" seeds, ").append(PairedTest.WILCOXON).append(" from ")
                .append(PairedTest.WILCOXON_MIN_SEEDS).append(" on.\n\n");
        reportedMetrics(out);
        experimentTables(out);
        AtomicFiles.writeString(folder.resolve(ExperimentContext.RESULTS_FILE), out.toString());
    }

    /** The headline numbers: no direction is known for them, so nothing is bold. */
    private void reportedMetrics(StringBuilder out) {
        List<String> metrics = metricNames();
        if (metrics.isEmpty()) {
            return;
        }
        out.append("## Reported metrics\n\nMean ± sd (95 % CI); which direction is better is stated by the"
                + " experiment's tables below, so nothing is bold here.\n\n| Configuration | n");
        metrics.forEach(m -> out.append(" | ").append(m));
        out.append(" |\n|:--|--:");
        metrics.forEach(m -> out.append("|--:"));
        out.append("|\n");
        byConfiguration().forEach((configuration, runs) -> {
            out.append("| ").append(configuration).append(" | ").append(runs.size());
            for (String m : metrics) {
                double[] values = values(runs, m);
                SeedSummary s = values.length == 0 ? null : SeedSummary.of(values);
                out.append(" | ").append(s == null ? "n/a" : s.meanSd(4) + " " + s.interval(4));
            }
            out.append(" |\n");
        });
        out.append('\n');
    }

    private static double[] values(List<Result> runs, String metric) {
        return runs.stream().map(r -> r.done().results().get(metric)).filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue).toArray();
    }

    /** Every table of the experiment's results.json, with the spread over seeds, then their claims' verdicts. */
    private void experimentTables(StringBuilder out) throws IOException {
        Map<String, SpreadTable> tables = new LinkedHashMap<>();
        SweepClaims claims = new SweepClaims();
        boolean several = plan.points().size() > 1;
        for (Map.Entry<String, List<Result>> group : byConfiguration().entrySet()) {
            for (Result r : group.getValue()) {
                Path file = r.run().directory(folder).resolve(ExperimentContext.TABLES_FILE);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                for (ResultTable t : ResultTables.read(file)) {
                    tables.computeIfAbsent(t.title(), k -> new SpreadTable(t))
                            .add(several ? group.getKey() : null, r.run().seed(), t);
                    claims.add(group.getKey(), t);
                }
            }
        }
        for (SpreadTable t : tables.values()) {
            out.append(t.toMarkdown()).append('\n');
        }
        out.append(claims.toMarkdown(several));
    }

    private void writePlots() throws IOException {
        Path plots = folder.resolve(ExperimentContext.PLOTS_FOLDER);
        Map<String, List<Result>> groups = byConfiguration();
        for (String metric : metricNames()) {
            Map<String, double[]> byConfiguration = new LinkedHashMap<>();
            groups.forEach((c, runs) -> {
                double[] values = values(runs, metric);
                if (values.length > 0) {
                    byConfiguration.put(c, values);
                }
            });
            if (!byConfiguration.isEmpty()) {
                SweepPlots.boxPlot(plots.resolve("box-" + fileName(metric) + ".png"), metric, byConfiguration);
            }
        }
        Result first = results.stream().filter(r -> r.done() != null).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        Path firstDir = first.run().directory(folder);
        List<Path> metricsFiles;
        try (Stream<Path> walk = Files.walk(firstDir)) {
            metricsFiles = walk.filter(p -> p.getFileName().toString().equals(MetricsCsv.FILE_NAME))
                    .map(firstDir::relativize).sorted().toList();
        }
        for (Path relative : metricsFiles) {
            for (String column : curveColumns(firstDir.resolve(relative))) {
                Map<String, List<double[]>> curves = new LinkedHashMap<>();
                groups.forEach((c, runs) -> {
                    List<double[]> perSeed = new ArrayList<>();
                    for (Result r : runs) {
                        double[] curve = column(r.run().directory(folder).resolve(relative), column);
                        if (curve.length > 0) {
                            perSeed.add(curve);
                        }
                    }
                    if (!perSeed.isEmpty()) {
                        curves.put(c, perSeed);
                    }
                });
                String where = relative.getParent() == null ? "" : relative.getParent().toString() + " ";
                if (!curves.isEmpty()) {
                    SweepPlots.learningCurves(plots.resolve("curve-" + fileName(where + column) + ".png"),
                            where + column, column, curves);
                }
            }
        }
    }

    /** The training loss and the validation Dice of a metrics.csv, else its first validation score. */
    private static List<String> curveColumns(Path metrics) throws IOException {
        List<String> header = List.of(Files.readAllLines(metrics, StandardCharsets.UTF_8).get(0).split(","));
        List<String> columns = new ArrayList<>(List.of("train_loss"));
        if (header.contains("val_dice")) {
            columns.add("val_dice");
        } else {
            header.stream().filter(h -> h.startsWith("val_")).findFirst().ifPresent(columns::add);
        }
        return columns;
    }

    /** One column of a metrics.csv, epoch by epoch, up to its first empty cell; empty when there is no file. */
    private static double[] column(Path metrics, String column) {
        if (!Files.isRegularFile(metrics)) {
            return new double[0];
        }
        try {
            List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
            int index = List.of(lines.get(0).split(",")).indexOf(column);
            if (index < 0) {
                return new double[0];
            }
            List<Double> values = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (index >= cells.length || cells[index].isEmpty()) {
                    break;
                }
                values.add(Double.parseDouble(cells[index]));
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics + ": " + e.getMessage(), e);
        }
    }

    private static String fileName(String text) {
        return text.trim().replaceAll("[^A-Za-z0-9=.+-]+", "_");
    }
}
