package org.unet4j.experiments.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.output.OutputDirectory;
import org.unet4j.experiments.output.RunConfig;
import org.unet4j.experiments.output.RunLog;
import org.unet4j.experiments.output.VersionInfo;
import org.unet4j.experiments.training.RunPausedException;

/**
 * Finds and runs experiments. The experiments known by name are those listed in
 * {@code META-INF/services/org.unet4j.experiments.api.Experiment} files on the class path (the built-ins, and any a
 * researcher adds the same way); any other instance can be run directly.
 *
 * <pre>{@code
 * Experiments.run("shapes-segmentation", Map.of("epochs", 3, "dataset", "cells"));
 * Experiments.run(new MyExperiment(), Map.of(), RunOptions.defaults().withSeed(11));
 * }</pre>
 *
 * A run resolves the parameters, the device and the threads, creates the output directory (default
 * {@code runs/NAME-<timestamp>}), writes {@code config.json}, opens {@code run.log} and calls
 * {@link Experiment#run}. Resuming reads the parameters and the seed from the run's {@code config.json}.
 *
 * <p>The experiment runs with its device ({@link RunOptions#device()}) as this thread's default device
 * ({@link Device#withDefault}), as {@code torch.set_default_device} would set it: the models it builds, and every
 * tensor it makes with a factory, live there, while datasets stay on the host ({@code Tensor.wrap}); the
 * {@link org.unet4j.experiments.training.Trainer} moves each batch to its model's device. A run on another device
 * than it was started on resumes there: checkpoints hold host copies.
 */
public final class Experiments {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** The log file inside a run directory. */
    public static final String LOG_FILE = "run.log";

    private Experiments() {
    }

    /** Every experiment known by name, sorted by name. */
    public static List<Experiment> list() {
        List<Experiment> all = new ArrayList<>();
        ServiceLoader.load(Experiment.class, Experiments.class.getClassLoader()).forEach(all::add);
        all.sort(Comparator.comparing(Experiment::name));
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).name().equals(all.get(i - 1).name())) {
                throw new IllegalStateException("two experiments are named '" + all.get(i).name() + "': "
                        + all.get(i - 1).getClass().getName() + " and " + all.get(i).getClass().getName());
            }
        }
        return all;
    }

    /** The experiment named {@code name}, or an exception listing the names there are. */
    public static Experiment find(String name) {
        List<Experiment> all = list();
        return all.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("there is no experiment named '" + name + "'; the experiments are: "
                        + String.join(", ", all.stream().map(Experiment::name).toList())
                        + " (./unet4j list describes them)"));
    }

    /** Runs the experiment {@code name} with the default options. */
    public static RunRecord run(String name, Map<String, ?> params) {
        return run(find(name), params, RunOptions.defaults());
    }

    /** Runs the experiment {@code name}. */
    public static RunRecord run(String name, Map<String, ?> params, RunOptions options) {
        return run(find(name), params, options);
    }

    /**
     * Runs {@code experiment} with {@code params} (name to value; missing ones take their defaults). When
     * {@code options.resume()}, the parameters and the seed come from the run's {@code config.json}, and any given
     * parameter, and a {@link RunOptions#seedChosen() chosen} seed, must equal the saved one.
     *
     * <p>Everything that can be checked is checked before the output directory is created: the parameters, their
     * combination ({@link Experiment#validate}), the parameters' own checks ({@link Param#checkedBy}: a
     * {@code --data} folder that is missing, empty or in no known layout), the device, and the directory itself. A
     * failure after that is written to {@code run.log} with its stack trace and thrown as an
     * {@link ExperimentFailedException} naming the log; running out of heap is explained there
     * ({@link OutOfMemoryAdvice}).
     */
    public static RunRecord run(Experiment experiment, Map<String, ?> params, RunOptions options) {
        Device device = Devices.byName(options.device());
        try {
            RunOptions effective = options;
            ParamValues values;
            Path directory;
            if (options.resume()) {
                directory = options.outputDirectory();
                RunConfig saved = RunConfig.read(directory);
                values = resumedValues(experiment, saved, params);
                if (options.seedChosen() && options.seed() != saved.seed()) {
                    throw new ParamException(refusal("seed", Long.toString(options.seed()),
                            Long.toString(saved.seed())));
                }
                effective = options.withSeed(saved.seed());
            } else {
                values = ParamValues.resolve(experiment.name(), experiment.params(), params);
                directory = options.outputDirectory() != null ? options.outputDirectory()
                        : Path.of("runs", experiment.name() + "-" + LocalDateTime.now().format(STAMP));
                requireFresh(directory);
            }
            experiment.validate(values);
            values.checkBeforeRun();
            RunOptions chosen = effective;
            // a run's thread count is its own (Parallel.withThreads): a concurrent run keeps its count and records it
            return chosen.threads() > 0
                    ? Parallel.withThreads(chosen.threads(), () -> start(experiment, values, chosen, device, directory))
                    : start(experiment, values, chosen, device, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Creates the run directory, writes config.json (with the thread count this run computes with) and runs, with
     * anomaly detection on for this run when the options ask for it.
     */
    private static RunRecord start(Experiment experiment, ParamValues values, RunOptions options, Device device,
            Path directory) {
        try {
            OutputDirectory.create(directory);
            if (!options.resume()) {
                configOf(experiment, values, options, device).write(directory);
            }
            boolean anomalies = Autograd.detectsAnomalies();
            Autograd.detectAnomalies(anomalies || options.detectAnomalies());
            try (RunLog log = new RunLog(directory.resolve(LOG_FILE), options.console())) {
                return execute(experiment, values, options, device, directory, log);
            } finally {
                Autograd.detectAnomalies(anomalies);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static RunRecord execute(Experiment experiment, ParamValues values, RunOptions options, Device device,
            Path directory, RunLog log) {
        log.info((options.resume() ? "resuming " : "running ") + experiment.name() + " " + values.asText()
                + ", seed " + options.seed() + ", device " + device + ", " + Parallel.threads()
                + " threads, output " + directory);
        if (options.detectAnomalies()) {
            log.info("anomaly detection is on: the first op that produces NaN or infinity fails with its name");
        }
        ExperimentContext context = new ExperimentContext(experiment, values, options, device, directory, log);
        Path logFile = directory.resolve(LOG_FILE);
        try {
            runOnDevice(experiment, context);
        } catch (RunPausedException paused) {
            log.info("paused after epoch " + paused.epoch() + "; continue with: ./unet4j run " + experiment.name()
                    + " --resume --out " + directory);
            return new RunRecord(directory, context.results(), paused.epoch());
        } catch (OutOfMemoryError e) {
            String advice = OutOfMemoryAdvice.explain(e);
            logFailure(log, advice + "\n" + stackTrace(e), e);
            throw new ExperimentFailedException(experiment.name(), logFile, advice, e);
        } catch (Exception e) {
            logFailure(log, stackTrace(e), e);
            throw new ExperimentFailedException(experiment.name(), logFile, FailureSummary.of(e), e);
        }
        log.info("done: outputs in " + directory);
        return new RunRecord(directory, context.results(), 0);
    }

    /** Logs a failure; a log that cannot be written (a full disk) is noted on the failure, not thrown over it. */
    private static void logFailure(RunLog log, String text, Throwable failure) {
        try {
            log.fileOnly("failed: " + text);
        } catch (UncheckedIOException e) {
            failure.addSuppressed(e);
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    /** Runs the experiment with the context's device as this thread's default device, rethrowing what it throws. */
    private static void runOnDevice(Experiment experiment, ExperimentContext context) throws Exception {
        Exception[] failure = new Exception[1];
        Device.withDefault(context.device(), () -> {
            try {
                experiment.run(context);
            } catch (Exception e) {
                failure[0] = e;
            }
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static ParamValues resumedValues(Experiment experiment, RunConfig saved, Map<String, ?> given) {
        if (!saved.experiment().equals(experiment.name())) {
            throw new IllegalArgumentException("cannot resume: the run was of experiment '" + saved.experiment()
                    + "', not '" + experiment.name() + "'");
        }
        ParamValues values = ParamValues.resolve(experiment.name(), experiment.params(), saved.parameters());
        ParamValues requested = ParamValues.resolve(experiment.name(), experiment.params(), given);
        for (String name : given.keySet()) {
            if (!values.asMap().get(name).equals(requested.asMap().get(name))) {
                throw new ParamException(refusal(name, requested.asText().get(name), values.asText().get(name)));
            }
        }
        return values;
    }

    private static String refusal(String name, String given, String saved) {
        return "cannot resume with " + name + " = " + given + ": the run was started with " + name + " = " + saved
                + " (leave " + name + " out to continue the run as it was)";
    }

    private static void requireFresh(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("the output directory " + directory + " is not empty; continue"
                            + " that run with --resume or choose another --out");
                }
            }
        }
    }

    private static RunConfig configOf(Experiment experiment, ParamValues values, RunOptions options, Device device) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("unet4j", VersionInfo.version());
        versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return new RunConfig(experiment.name(), values.asText(), options.seed(), device.name(),
                Parallel.threads(), versions, LocalDateTime.now().toString());
    }
}
