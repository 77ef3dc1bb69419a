package org.unet4j.experiments;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.RunOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code unet4j quickstart}: runs the {@link Quickstart} experiment with the options given, then prints its wall time.
 * The options are the experiment's own {@link org.unet4j.experiments.api.Param}s (see {@link ParamOptions}), added to
 * the command by {@link QuickstartParams}, so {@code help quickstart} lists them with their ranges and defaults.
 */
@Command(name = "quickstart", sortOptions = false, modelTransformer = QuickstartCommand.QuickstartParams.class,
        description = "Train a plain U-Net and a DB-U-Net (Continuous U-Net) on generated images, print a side-by-side"
                + " table (Dice, IoU, accuracy, AHD, time) and write results.md and plots/ to --out (about a minute"
                + " on two cores).")
public final class QuickstartCommand implements Runnable {
    @ParentCommand
    private Unet4jCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: runs/quickstart-<timestamp>).")
    private Path out;

    @Mixin
    private DeviceOption device;

    @Option(names = "--detect-anomalies",
            description = "Fail at the first op that produces NaN or infinity, naming it (slower).")
    private boolean detectAnomalies;

    @Override
    public void run() {
        Quickstart quickstart = new Quickstart();
        Map<String, String> params = ParamOptions.given(spec.commandLine().getParseResult(), quickstart.params());
        RunOptions options = cli.runOptions().outputDirectory(out).device(device.checked(spec.commandLine()))
                .detectAnomalies(detectAnomalies).build();
        long start = System.nanoTime();
        try {
            Experiments.run(quickstart, params, options);
        } catch (ParamException e) {
            throw new ParameterException(spec.commandLine(), "Invalid options: " + e.getMessage());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "quickstart: %.1f s in all%n",
                (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().flush();
    }

    /** Adds the {@link Quickstart} parameters to the command's options. */
    static final class QuickstartParams implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ParamOptions.addTo(spec, new Quickstart().params());
        }
    }
}
