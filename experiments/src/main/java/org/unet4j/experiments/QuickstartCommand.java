package org.unet4j.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.unet4j.experiments.api.Devices;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.RunOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code unet4j quickstart}: runs the {@link Quickstart} experiment with the options given, then its wall time. */
@Command(name = "quickstart", sortOptions = false,
        description = "Train a plain U-Net and a DB-U-Net (Continuous U-Net) on generated images, print a side-by-side"
                + " table (Dice, IoU, accuracy, AHD, time) and write results.md and plots/ to --out (about 2 minutes"
                + " on two cores).")
public final class QuickstartCommand implements Runnable {
    @ParentCommand
    private Unet4jCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Generated dataset: cells, vessels, lesions, shapes, edges, disks (default: cells).")
    private String dataset = Quickstart.DATASET.defaultValue();

    @Option(names = "--epochs", paramLabel = "N",
            description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
    private int epochs = Quickstart.EPOCHS.defaultValue();

    @Option(names = "--train", paramLabel = "N", description = "Training images (default: ${DEFAULT-VALUE}).")
    private int train = Quickstart.TRAIN.defaultValue();

    @Option(names = "--val", paramLabel = "N", description = "Validation images (default: ${DEFAULT-VALUE}).")
    private int validation = Quickstart.VAL.defaultValue();

    @Option(names = "--test", paramLabel = "N", description = "Test images (default: ${DEFAULT-VALUE}).")
    private int test = Quickstart.TEST.defaultValue();

    @Option(names = "--size", paramLabel = "PIXELS",
            description = "Image height and width (default: ${DEFAULT-VALUE}).")
    private int size = Quickstart.SIZE.defaultValue();

    @Option(names = "--batch", paramLabel = "N",
            description = "Images per optimisation step (default: ${DEFAULT-VALUE}).")
    private int batch = Quickstart.BATCH.defaultValue();

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate = Quickstart.LR.defaultValue();

    @Option(names = "--filters", paramLabel = "N",
            description = "Filters of the finest level, doubled per level (default: ${DEFAULT-VALUE}).")
    private int filters = Quickstart.FILTERS.defaultValue();

    @Option(names = "--levels", paramLabel = "N",
            description = "Levels, the bottleneck included (default: ${DEFAULT-VALUE}).")
    private int levels = Quickstart.LEVELS.defaultValue();

    @Option(names = "--steps", paramLabel = "N",
            description = "RK4 steps of each dynamic block (default: ${DEFAULT-VALUE}).")
    private int steps = Quickstart.STEPS.defaultValue();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: runs/quickstart-<timestamp>).")
    private Path out;

    @Override
    public void run() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(Quickstart.DATASET.name(), dataset);
        params.put(Quickstart.EPOCHS.name(), epochs);
        params.put(Quickstart.TRAIN.name(), train);
        params.put(Quickstart.VAL.name(), validation);
        params.put(Quickstart.TEST.name(), test);
        params.put(Quickstart.SIZE.name(), size);
        params.put(Quickstart.BATCH.name(), batch);
        params.put(Quickstart.LR.name(), learningRate);
        params.put(Quickstart.FILTERS.name(), filters);
        params.put(Quickstart.LEVELS.name(), levels);
        params.put(Quickstart.STEPS.name(), steps);
        RunOptions options = new RunOptions(cli.seed(), out, Devices.CPU, 0, false, 0, System.out);
        long start = System.nanoTime();
        try {
            Experiments.run(new Quickstart(), params, options);
        } catch (ParamException e) {
            throw new ParameterException(spec.commandLine(), "Invalid options: " + e.getMessage());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "quickstart: %.1f s in all%n",
                (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().flush();
    }
}
