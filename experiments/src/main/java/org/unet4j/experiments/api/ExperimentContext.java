package org.unet4j.experiments.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Device;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.output.Plots;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.ResultTables;
import org.unet4j.experiments.output.RunLog;
import org.unet4j.experiments.training.TrainingSession;

/**
 * What a running {@link Experiment} gets from the framework: its parameter values, the seed, the device, the output
 * directory, the log, a {@link TrainingSession} for the shared trainer, and ways to write results.
 */
public final class ExperimentContext {
    /** The file of the final tables inside a run directory. */
    public static final String RESULTS_FILE = "results.md";
    /** The tables of {@code results.md} as JSON, for the aggregation of runs over seeds (sweeps). */
    public static final String TABLES_FILE = "results.json";
    /** The folder of the PNG plots inside a run directory. */
    public static final String PLOTS_FOLDER = "plots";

    private final Experiment experiment;
    private final ParamValues params;
    private final RunOptions options;
    private final Device device;
    private final Path directory;
    private final RunLog log;
    private final Map<String, Double> results = new LinkedHashMap<>();

    ExperimentContext(Experiment experiment, ParamValues params, RunOptions options, Device device, Path directory,
            RunLog log) {
        this.experiment = experiment;
        this.params = params;
        this.options = options;
        this.device = device;
        this.directory = directory;
        this.log = log;
    }

    /** The experiment's name. */
    public String name() {
        return experiment.name();
    }

    /** The value of one of the experiment's parameters. */
    public <T> T get(Param<T> param) {
        return params.get(param);
    }

    /** Every parameter value. */
    public ParamValues params() {
        return params;
    }

    /** The run's seed. */
    public long seed() {
        return options.seed();
    }

    /** A new generator seeded with the run's seed; split it for independent streams. */
    public SplittableRandom random() {
        return new SplittableRandom(options.seed());
    }

    /**
     * The device the experiment's models live and compute on; {@link Experiments} runs the experiment with it as the
     * default device, so models built during the run land there. Data made with {@code Tensor.wrap} stays on the
     * host: move it with {@code to(device())}, or to a model's own device with {@code to(model.device())}.
     */
    public Device device() {
        return device;
    }

    /** The output directory. */
    public Path directory() {
        return directory;
    }

    /** The folder for PNG plots ({@code plots/} in the output directory). */
    public Path plotsDirectory() {
        return directory.resolve(PLOTS_FOLDER);
    }

    /** The run log (file {@code run.log}, echoed to the console). */
    public RunLog log() {
        return log;
    }

    /** Logs one line. */
    public void info(String line) {
        log.info(line);
    }

    /**
     * A training session writing {@code metrics.csv} and {@code checkpoints/} to the output directory, or, when
     * {@code part} is not empty, to the sub-directory {@code part} (for experiments that train several models).
     */
    public TrainingSession trainingSession(String part) {
        Path where = part.isEmpty() ? directory : directory.resolve(part);
        return new TrainingSession(where, options.seed(), options.resume(), options.pauseAfterEpoch(), log);
    }

    /** Records a headline number, returned in {@link RunRecord#results()}. */
    public void report(String name, double value) {
        results.put(name, value);
    }

    /** The headline numbers so far. */
    public Map<String, Double> results() {
        return Collections.unmodifiableMap(results);
    }

    /**
     * Writes the tables to {@code results.md} (atomically, replacing it) and a bar chart of each to
     * {@code plots/table-<i>.png}, and logs them; {@code results.md} ends with the {@code ## Claims} section of the
     * tables' claims judged on this run ({@link ResultTable#claimsSection}). The tables also go to
     * {@code results.json} with their claims, which a sweep reads to print them with their spread over seeds and to
     * judge the claims over the seeds.
     */
    public void writeResults(List<ResultTable> tables) throws IOException {
        StringBuilder markdown = new StringBuilder("# " + experiment.name() + "\n\n" + experiment.description()
                + "\n\nSeed " + options.seed() + "; parameters: " + params.asText() + ".\n\n");
        for (int i = 0; i < tables.size(); i++) {
            markdown.append(tables.get(i).toMarkdown()).append('\n');
            Plots.barChart(plotsDirectory().resolve(String.format(Locale.ROOT, "table-%d.png", i + 1)),
                    tables.get(i));
        }
        ResultTables.write(directory.resolve(TABLES_FILE), tables);
        String claims = ResultTable.claimsSection(tables);
        markdown.append(claims);
        AtomicFiles.writeString(directory.resolve(RESULTS_FILE), markdown.toString());
        tables.forEach(t -> log.info(t.toMarkdown()));
        if (!claims.isEmpty()) {
            log.info(claims);
        }
    }
}
