package org.unet4j.experiments.api;

import java.util.List;

/**
 * A runnable experiment with typed, documented parameters. Write one in a few lines, then run it from jshell with
 * {@code Experiments.run(new MyExperiment(), Map.of("epochs", 3))} or, once listed in a
 * {@code META-INF/services/org.unet4j.experiments.api.Experiment} file on the class path, from the command line
 * with {@code ./unet4j run my-experiment --epochs 3}.
 *
 * <pre>{@code
 * public final class NoiseSweep implements Experiment {
 *     static final Param<Double> SIGMA = Param.real("sigma", 0.2, 0, 1, "test-time noise");
 *     public String name() { return "noise-sweep"; }
 *     public String description() { return "Dice against test-time Gaussian noise"; }
 *     public List<Param<?>> params() { return List.of(SIGMA); }
 *     public void run(ExperimentContext context) throws Exception {
 *         double sigma = context.get(SIGMA);
 *         ...
 *         context.report("dice", dice);
 *     }
 * }
 * }</pre>
 *
 * The framework resolves and validates the parameters, creates the output directory, writes {@code config.json}
 * and the log, and hands the rest to {@link #run} through the {@link ExperimentContext}.
 */
public interface Experiment {
    /** The name used on the command line: lower-case words joined by '-'. */
    String name();

    /** One or two sentences on what the experiment measures, shown by {@code unet4j list} and {@code describe}. */
    String description();

    /** The parameters, in the order {@code unet4j describe} shows them. */
    List<Param<?>> params();

    /**
     * Checks the parameter values together, before any work is done or any file written: a combination that each
     * parameter's own domain cannot rule out (an image size that a U-Net of the chosen depth cannot take) fails
     * here with a {@link ParamException} naming the values and the nearest valid ones. The default accepts all.
     */
    default void validate(ParamValues values) {
    }

    /** Runs the experiment, writing its outputs through {@code context}. */
    void run(ExperimentContext context) throws Exception;
}
