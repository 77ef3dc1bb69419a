package org.unet4j.layers.softcut;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.opencl.Devices;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.layers.MedianTime;
import org.unet4j.layers.softcut.SoftCut.Solver;

/**
 * What SoftCut with {@link Solver#CG} (the thesis's stopping rule) costs on the OpenCL device against the host (a
 * benchmark with a {@code main}, not a test): forward and backward of one 256 x 256 system and of a batch of
 * 4 x 128 x 128, weights U[0, 5], scores and seed N(0, 1) as in the host SoftCut benchmark; float64 on the host (the
 * layer's host precision), float32 on the device. Inputs already on each device, median of 5 runs after one
 * warm-up, each run ending with one gradient element read on the host. Figures and the command are in BENCHMARKS.md.
 */
public final class OpenClSoftCutBenchmark {
    private static final double MAX_WEIGHT = 5;

    private OpenClSoftCutBenchmark() {
    }

    public static void main(String[] args) {
        Device openCl = Devices.opencl();
        System.out.println("device: " + ((OpenClBackend) openCl.backend()).description());
        for (int[] dims : new int[][] {{1, 1, 256, 256}, {4, 1, 128, 128}}) {
            SplittableRandom rng = new SplittableRandom(7);
            Tensor scores = Tensor.randn(rng, DType.FLOAT64, dims);
            Tensor vertical = Tensor.uniform(rng, DType.FLOAT64, 0, MAX_WEIGHT, dims[0], dims[1], dims[2] - 1,
                    dims[3]);
            Tensor horizontal = Tensor.uniform(rng, DType.FLOAT64, 0, MAX_WEIGHT, dims[0], dims[1], dims[2],
                    dims[3] - 1);
            Tensor seed = Tensor.randn(rng, DType.FLOAT64, dims);
            double host = MedianTime.seconds(run(scores, vertical, horizontal, seed, Device.CPU), 5);
            double device = MedianTime.seconds(run(scores, vertical, horizontal, seed, openCl), 5);
            System.out.printf(Locale.ROOT, "%-16s CG fwd+bwd: host float64 %8.1f ms, %s float32 %8.1f ms%n",
                    Arrays.toString(dims), host * 1e3, openCl, device * 1e3);
        }
    }

    /** Forward and backward on {@code device} (float32 there unless it is the host). */
    private static DoubleSupplier run(Tensor scores, Tensor vertical, Tensor horizontal, Tensor seed, Device device) {
        DType dtype = device == Device.CPU ? DType.FLOAT64 : DType.FLOAT32;
        Tensor p = scores.to(dtype).to(device).detach().requiresGrad(true);
        Tensor v = vertical.to(dtype).to(device).detach().requiresGrad(true);
        Tensor h = horizontal.to(dtype).to(device).detach().requiresGrad(true);
        Tensor g = seed.to(dtype).to(device);
        return () -> {
            p.zeroGrad();
            v.zeroGrad();
            h.zeroGrad();
            Tensor x = SoftCut.solve(p, List.of(v, h), Solver.CG);
            x.backward(g);
            return v.grad().reshape(-1).slice(0, 0, 1).to(Device.CPU).item();
        };
    }
}
