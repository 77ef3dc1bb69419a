package org.unet4j.experiments.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The yardsticks of the benchmark record ({@code ./unet4j bench all --reference}), each a table of unet4j figures
 * beside their PyTorch or SciPy twins from {@code bench/reference.py}.
 */
public enum Yardstick {
    /** SGEMM 1024^3 and a 3x3 64-channel convolution forward and backward ({@link EngineBenchmark}). */
    ENGINE("engine", EngineBenchmark::record),
    /** Training steps and inference of the reference U-Nets and the DB-U-Net ({@link UNetBenchmark}). */
    UNET("unet", UNetBenchmark::record),
    /** Training step, inference and peak memory of the 3-D U-Net of issue 21 ({@link VolumeUNetBenchmark}). */
    UNET3D("unet3d", VolumeUNetBenchmark::record),
    /** The SoftCut layer's forward and backward ({@link SoftCutBenchmark}). */
    SOFTCUT("softcut", SoftCutBenchmark::record),
    /** The SPD solvers on the SoftCut system ({@link LinearSolverBenchmark}). */
    SOLVERS("solvers", LinearSolverBenchmark::record),
    /** Minimum cuts on grid graphs ({@link MaxFlowBenchmark}). */
    MAXFLOW("maxflow", MaxFlowBenchmark::record),
    /** Training steps and inference of the comparison architectures at their published sizes ({@link ZooBenchmark}). */
    ZOO("zoo", ZooBenchmark::record),
    /** Decoding and resizing JPEGs through the {@code --data} loader ({@link DataLoadingBenchmark}). */
    DATA("data", DataLoadingBenchmark::record);

    private final String label;
    private final BiFunction<Reference, String, RecordTable> table;

    Yardstick(String label, BiFunction<Reference, String, RecordTable> table) {
        this.label = label;
        this.table = table;
    }

    /** The name on the command line, e.g. {@code maxflow}. */
    public String label() {
        return label;
    }

    /** Measures the yardstick's figures, each beside the reference's, into a table headed by {@code command}. */
    public RecordTable measure(Reference reference, String command) {
        return table.apply(reference, command);
    }

    /** The yardstick called {@code label}. */
    public static Yardstick named(String label) {
        return Arrays.stream(values()).filter(y -> y.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown yardstick '" + label + "'; choose all or "
                        + String.join(", ", labels())));
    }

    /** The labels of all yardsticks, in order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Yardstick::label).toList();
    }
}
