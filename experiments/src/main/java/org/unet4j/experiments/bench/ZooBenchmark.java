package org.unet4j.experiments.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.unet4j.layers.Module;
import org.unet4j.layers.zoo.AttentionUNet;
import org.unet4j.layers.zoo.DynUNet;
import org.unet4j.layers.zoo.TransUNet;
import org.unet4j.layers.zoo.U2Net;
import org.unet4j.layers.zoo.UNeXt;

/**
 * Training steps and inference of the comparison architectures of {@code org.unet4j.layers.zoo} at their published
 * configurations (one output channel), each beside its PyTorch twin in {@code bench/reference.py} (the script's
 * {@code ZOO}, whose parameter counts are printed beside ours): Attention U-Net on 1 x 3 x 128 x 128, DynU-Net
 * (MONAIfbs) on 1 x 1 x 128 x 128, UNeXt on 2 x 3 x 256 x 256, U2Net on 1 x 3 x 160 x 160 and TransUNet
 * (R50-ViT-B_16) on 1 x 3 x 224 x 224. One training step = forward, BCE with logits, backward, Adam (lr 1e-3).
 */
public final class ZooBenchmark {
    private static final int RUNS = 3;
    private static final int WARM_UP = 2;
    private static final int REFERENCE_WARM_UP = 1;

    private ZooBenchmark() {
    }

    /** A model of the table: its twin's name and options, and the batch it runs on. */
    private record Net(String label, String twin, Map<String, Object> options, Supplier<Module> build, int batch,
            int channels, int size) {
        Map<String, Object> request(String figure) {
            return Map.of("figure", figure, "net", twin, "options", options, "channels", channels, "batch", batch,
                    "size", size, "runs", RUNS, "warmup", REFERENCE_WARM_UP);
        }

        String shape() {
            return String.format(Locale.ROOT, "b%dx%dx%dx%d", batch, channels, size, size);
        }
    }

    /** The record's zoo table: training step and inference of every model, each beside PyTorch's. */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("Comparison architectures: training step and inference", command,
                "PyTorch");
        List<Net> nets = List.of(
                new Net("Attention U-Net", "attention-unet", Map.of(), () -> AttentionUNet.builder().build(), 1, 3,
                        128),
                new Net("DynU-Net (MONAIfbs)", "dynunet", Map.of("cout", 1), () -> DynUNet.builder().outChannels(1)
                        .build(), 1, 1, 128),
                new Net("UNeXt", "unext", Map.of(), () -> UNeXt.builder().build(), 2, 3, 256),
                new Net("U2Net", "u2net", Map.of(), () -> U2Net.builder().build(), 1, 3, 160),
                new Net("TransUNet R50-ViT-B_16", "transunet", Map.of("classes", 1), () -> TransUNet.builder()
                        .classes(1).build(), 1, 3, 224));
        for (Net net : nets) {
            Module model = net.build().get();
            String parameters = String.format(Locale.ROOT, "%,d parameters", model.parameterCount());
            int[] shape = {net.batch(), net.channels(), net.size(), net.size()};
            double train = UNetBenchmark.trainStep(model, WARM_UP, RUNS, shape);
            table.row(net.label() + ", " + net.shape() + ": train step", train, reference.measure(net.request("train")),
                    parameters);
            double infer = UNetBenchmark.inference(model, WARM_UP, RUNS, shape);
            table.row(net.label() + ", " + net.shape() + ": inference", infer,
                    reference.measure(net.request("inference")), parameters);
        }
        table.line("Median of " + RUNS + " runs after " + WARM_UP + " warm-up runs (unet4j) and " + REFERENCE_WARM_UP
                + " (PyTorch). A train step is forward, BCE with logits, backward and Adam; inference is a forward"
                + " pass in eval mode without a tape. The PyTorch note is the twin's parameter count.");
        return table;
    }
}
