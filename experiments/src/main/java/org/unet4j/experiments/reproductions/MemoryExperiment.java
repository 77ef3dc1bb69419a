package org.unet4j.experiments.reproductions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.builtin.SyntheticData;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.FolderDataset;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.output.Plots;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.layers.Module;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.solvers.ode.Gradients;

/**
 * {@code memory}: Corollary 1 of the Continuous U-Net paper (001): trained with the adjoint method, the memory a
 * DB-U-Net keeps for its backward pass does not grow with the number of solver steps, whereas backpropagating
 * through the solver keeps every step. For 1, 2, 4, ... {@code max-steps} RK4 steps per block, one training step of
 * a Continuous U-Net is taken with each gradient mode (backprop, adjoint, checkpointed every 2nd state); the
 * retained tape bytes ({@link Autograd#retainedBytes} of the loss, before the backward pass) and the time of forward
 * plus backward are recorded. Writes {@code memory.csv}, {@code results.md} and {@code plots/memory.png}.
 */
public final class MemoryExperiment implements Experiment {
    static final Param<Integer> MAX_STEPS = Param.integer("max-steps", 32, 1, 4096,
            "the largest number of RK4 steps per block (the sweep doubles from 1)");
    static final Param<Integer> SIZE = Param.integer("size", 32, 8, 1024, "image height and width in pixels");
    static final Param<Integer> BATCH = Param.integer("batch", 4, 1, 4096, "images in the measured batch");
    static final Param<Integer> FILTERS = Param.integer("filters", 4, 1, 512,
            "filters of the finest level, doubled per level");
    static final Param<Integer> LEVELS = Param.integer("levels", 3, 2, 7, "levels, the bottleneck included");

    /** The file of the measurements. */
    public static final String CSV_FILE = "memory.csv";

    private static final List<Gradients> MODES = List.of(Gradients.BACKPROP, Gradients.ADJOINT,
            Gradients.CHECKPOINTED);
    private static final double MIB = 1024.0 * 1024.0;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String description() {
        return "Corollary 1 of the Continuous U-Net paper: retained tape memory of a DB-U-Net training step against"
                + " solver steps, adjoint vs backprop (vs checkpointed), plotted.";
    }

    @Override
    public List<Param<?>> params() {
        return DataParams.with(List.of(MAX_STEPS, SIZE, BATCH, FILTERS, LEVELS));
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        Architecture architecture = Architecture.doubling(context.get(LEVELS), context.get(FILTERS), 1)
                .withInChannels(DataParams.channels(context));
        architecture.requireValidSize(context.get(SIZE));
        SplittableRandom random = context.random();
        SegmentationDataset data = SyntheticData.generate("cells", context.get(BATCH), context.get(SIZE),
                random.nextLong());
        java.util.Optional<FolderDataset.Loaded> real = DataParams.load(context, context.get(SIZE));
        if (real.isPresent()) {
            SegmentationDataset train = real.get().train();
            data = train.range(0, Math.min(context.get(BATCH), train.count()));
        }
        Batch batch = new Batch(data.images().to(context.device()), data.masks().to(context.device()));
        long modelSeed = random.nextLong();
        List<Integer> steps = new ArrayList<>();
        for (int n = 1; n <= context.get(MAX_STEPS); n *= 2) {
            steps.add(n);
        }
        measure(architecture, 1, Gradients.BACKPROP, batch, modelSeed);
        double[][] mib = new double[MODES.size()][steps.size()];
        double[][] seconds = new double[MODES.size()][steps.size()];
        StringBuilder csv = new StringBuilder("steps,mode,retained_bytes,seconds\n");
        for (int i = 0; i < steps.size(); i++) {
            for (int m = 0; m < MODES.size(); m++) {
                long start = System.nanoTime();
                long bytes = measure(architecture, steps.get(i), MODES.get(m), batch, modelSeed);
                seconds[m][i] = (System.nanoTime() - start) / 1e9;
                mib[m][i] = bytes / MIB;
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%.4f%n", steps.get(i), mode(MODES.get(m)), bytes,
                        seconds[m][i]));
                context.info(String.format(Locale.ROOT, "%3d steps  %-12s  %10.3f MiB retained  %.2f s",
                        steps.get(i), mode(MODES.get(m)), mib[m][i], seconds[m][i]));
            }
        }
        AtomicFiles.writeString(context.directory().resolve(CSV_FILE), csv.toString());
        writePlot(context, steps, mib);
        context.report("adjoint-growth", mib[1][steps.size() - 1] / mib[1][0]);
        context.report("backprop-growth", mib[0][steps.size() - 1] / mib[0][0]);
        context.writeResults(List.of(table(context, steps, mib, seconds)));
    }

    /** The measured images and masks, on the run's device, where the networks are built. */
    private record Batch(Tensor images, Tensor masks) {
    }

    /** One forward and backward pass of a fresh network; returns the bytes the tape retained before the backward. */
    private static long measure(Architecture architecture, int steps, Gradients mode, Batch batch, long seed) {
        Module net = ContinuousUNet.builder().filters(architecture.filters()).block(Block.dynamic("rk4", steps))
                .gradients(mode).seed(seed).build();
        Tensor loss = Losses.bceWithLogits(net.forward(batch.images()), batch.masks());
        long bytes = Autograd.retainedBytes(loss);
        loss.backward();
        return bytes;
    }

    private static ResultTable table(ExperimentContext context, List<Integer> steps, double[][] mib,
            double[][] seconds) {
        List<ResultTable.Column> columns = new ArrayList<>();
        for (Gradients mode : MODES) {
            columns.add(ResultTable.Column.lower(mode(mode) + " MiB", 3));
        }
        for (Gradients mode : MODES) {
            columns.add(ResultTable.Column.lower(mode(mode) + " s", 2));
        }
        ResultTable table = new ResultTable("Corollary 1", String.format(Locale.ROOT, "Memory retained for the"
                + " backward pass (tensor data reachable from the loss through the tape) and time of one forward and"
                + " backward pass of a Continuous U-Net (DB blocks, RK4, filters %s) on a batch of %d images of"
                + " %dx%d pixels, against the RK4 steps per block (after one untimed warm-up pass). Checkpointed"
                + " keeps every 2nd state and recomputes each 2-step segment, taped, during the backward pass (not"
                + " counted here).",
                Arrays.toString(Architecture.doubling(context.get(LEVELS), context.get(FILTERS), 1)
                        .filters()), context.get(BATCH), context.get(SIZE), context.get(SIZE)),
                "Steps", columns);
        for (int i = 0; i < steps.size(); i++) {
            double[] row = new double[columns.size()];
            for (int m = 0; m < MODES.size(); m++) {
                row[m] = mib[m][i];
                row[MODES.size() + m] = seconds[m][i];
            }
            table.addRow(Integer.toString(steps.get(i)), row);
        }
        return table;
    }

    private static void writePlot(ExperimentContext context, List<Integer> steps, double[][] mib)
            throws IOException {
        double[] x = steps.stream().mapToDouble(Integer::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int m = 0; m < MODES.size(); m++) {
            series.put(mode(MODES.get(m)), mib[m]);
        }
        Plots.lineChart(context.plotsDirectory().resolve("memory.png"), "Retained tape memory against solver steps",
                "RK4 steps per block", "MiB retained", x, series);
    }

    private static String mode(Gradients mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
