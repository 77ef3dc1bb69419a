package org.unet4j.experiments;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code unet4j quickstart}: runs {@link Quickstart} with the options given. */
@Command(name = "quickstart", sortOptions = false,
        description = "Train a small convolutional network to segment generated shapes and print, per epoch, the"
                + " training loss, the Dice score on held-out images and the time.")
public final class QuickstartCommand implements Runnable {
    private static final Quickstart.Config DEFAULTS = Quickstart.Config.defaults(Unet4jCli.DEFAULT_SEED);

    @ParentCommand
    private Unet4jCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
    private int epochs = DEFAULTS.epochs();

    @Option(names = "--train", paramLabel = "N", description = "Training images (default: ${DEFAULT-VALUE}).")
    private int trainImages = DEFAULTS.trainImages();

    @Option(names = "--val", paramLabel = "N",
            description = "Held-out images for the Dice score (default: ${DEFAULT-VALUE}).")
    private int validationImages = DEFAULTS.validationImages();

    @Option(names = "--size", paramLabel = "PIXELS",
            description = "Image height and width (default: ${DEFAULT-VALUE}).")
    private int imageSize = DEFAULTS.imageSize();

    @Option(names = "--channels", paramLabel = "N",
            description = "Channels of the hidden layers (default: ${DEFAULT-VALUE}).")
    private int channels = DEFAULTS.channels();

    @Option(names = "--batch", paramLabel = "N",
            description = "Images per optimisation step (default: ${DEFAULT-VALUE}).")
    private int batchSize = DEFAULTS.batchSize();

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate = DEFAULTS.learningRate();

    @Override
    public void run() {
        Quickstart.Config config;
        try {
            config = new Quickstart.Config(epochs, trainImages, validationImages, imageSize, channels, batchSize,
                    learningRate, cli.seed());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid options: " + e.getMessage());
        }
        Quickstart.run(config, spec.commandLine().getOut());
    }
}
