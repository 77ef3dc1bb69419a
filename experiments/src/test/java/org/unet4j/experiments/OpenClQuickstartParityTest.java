package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.opencl.Devices;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.training.MetricsCsv;

/**
 * The quickstart at its smallest settings gives the same loss curves on an OpenCL device as on the CPU: the whole
 * device path of an experiment (models built on the run's device, each batch moved there by the trainer, validation
 * predictions read back to the host in one transfer, the best checkpoint reloaded onto the device). Runs when the run
 * asks for OpenCL ({@code -Dunet4j.device=opencl}) and fails there without a device; skipped otherwise, so the CPU
 * suite never loads an OpenCL runtime.
 *
 * <p>Tolerances, relative, on every epoch of both models. The OpenCL kernels compute in float32, possibly in another
 * summation order than the CPU backend (a few ulps, about 1e-6 relative, per op), and the optimizer updates both in
 * the same double arithmetic on the host.
 * <ul>
 *   <li>Training loss, 1e-4: on pocl the curves differ by at most 4e-8 relative over the four Adam steps, so 1e-4
 *       leaves room for the reduction orders of a GPU, while a wrong kernel shows up as 1e-2 and more.
 *   <li>Validation loss, 5e-3: it is computed in evaluation mode, with the batch-norm running means, and those follow
 *       the biases of the convolutions in front of batch norm. Their gradient is zero in exact arithmetic, so what
 *       each backend computes for it is rounding noise, which Adam normalises into steps of up to the learning rate;
 *       the training forward pass cancels these biases, the running means do not. On pocl this leaves the plain
 *       U-Net's first validation loss 5.4e-4 relative apart (the DB-U-Net's agree exactly); 5e-3 allows for GPU
 *       noise of the same kind and still catches a model evaluated with wrong weights or statistics.
 * </ul>
 */
class OpenClQuickstartParityTest {
    private static final Map<String, Double> RELATIVE_TOLERANCES = Map.of("train_loss", 1e-4, "val_loss", 5e-3);
    private static final Map<String, Object> SMALLEST = Map.of("epochs", 2, "train", 8, "val", 4, "test", 4,
            "size", 16, "batch", 4, "filters", 2, "levels", 2, "steps", 1);

    /** The OpenCL device when the run asks for OpenCL; a skipped test otherwise. */
    private static Device openCl() {
        Assumptions.assumeTrue(Device.configuredName().trim().toLowerCase(Locale.ROOT).startsWith("opencl"),
                "OpenCL training parity runs with -Dunet4j.device=opencl");
        return Devices.opencl();
    }

    @Test
    void theSmallestQuickstartFollowsTheSameLossCurvesOnOpenClAsOnTheCpu(@TempDir Path tmp) throws IOException {
        Device device = openCl();
        OpenClBackend backend = (OpenClBackend) device.backend();
        RunOptions options = RunOptions.defaults().silent().withSeed(3);
        Experiments.run(new Quickstart(), SMALLEST, options.withDevice("cpu").withOutputDirectory(tmp.resolve("cpu")));
        long before = backend.launches();
        Experiments.run(new Quickstart(), SMALLEST, options.withDevice(device.name())
                .withOutputDirectory(tmp.resolve("cl")));
        assertTrue(backend.launches() - before > 1000, "expected the kernels of two trainings on " + device + ", got "
                + (backend.launches() - before) + " launches");
        for (String model : List.of("plain-unet", "db-unet")) {
            for (Map.Entry<String, Double> curve : RELATIVE_TOLERANCES.entrySet()) {
                double[] cpu = column(tmp.resolve("cpu").resolve(model), curve.getKey());
                double[] openCl = column(tmp.resolve("cl").resolve(model), curve.getKey());
                String both = model + " " + curve.getKey() + ": CPU " + Arrays.toString(cpu) + ", OpenCL "
                        + Arrays.toString(openCl);
                assertEquals(SMALLEST.get("epochs"), cpu.length, both);
                for (int e = 0; e < cpu.length; e++) {
                    assertEquals(cpu[e], openCl[e], curve.getValue() * Math.abs(cpu[e]), "epoch " + (e + 1) + ", "
                            + both);
                }
            }
        }
    }

    /** The column {@code name} of the {@code metrics.csv} in {@code directory}, one value per epoch. */
    private static double[] column(Path directory, String name) throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve(MetricsCsv.FILE_NAME));
        int index = Arrays.asList(lines.get(0).split(",")).indexOf(name);
        assertTrue(index >= 0, name + " missing from " + lines.get(0));
        return lines.stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",", -1)[index])).toArray();
    }
}
