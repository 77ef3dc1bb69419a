package org.unet4j.autodiff.opencl;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * What the OpenCL path costs against the CPU backend (a benchmark with a {@code main}, not a test): float32 matmul
 * 1024^3, an elementwise add of 2^22 elements, a host-to-device copy and an add of 16 elements (the cost of one
 * launch), inputs already on each device, median of several runs, the result
 * kept on the device (the kernel launch waits for completion). Figures and the command are in BENCHMARKS.md.
 */
public final class OpenClBenchmark {
    private OpenClBenchmark() {
    }

    public static void main(String[] args) {
        Device gpu = Devices.opencl();
        System.out.println("device: " + ((OpenClBackend) gpu.backend()).description());
        SplittableRandom rng = new SplittableRandom(3);
        Tensor a = Tensor.randn(rng, 1024, 1024);
        Tensor b = Tensor.randn(rng, 1024, 1024);
        Tensor u = Tensor.randn(rng, 1 << 22);
        Tensor v = Tensor.randn(rng, 1 << 22);
        for (Device d : new Device[] {Device.CPU, gpu}) {
            Tensor da = a.to(d);
            Tensor db = b.to(d);
            Tensor du = u.to(d);
            Tensor dv = v.to(d);
            double matmul = medianSeconds(() -> da.matmul(db), 5);
            double add = medianSeconds(() -> du.add(dv), 9);
            double upload = medianSeconds(() -> u.to(d), 5);
            Tensor tiny = Tensor.ones(16).to(d);
            double launch = medianSeconds(() -> tiny.add(tiny), 9);
            System.out.printf(Locale.ROOT, "%-9s matmul 1024^3 %8.1f ms %7.1f GFLOP/s | add 2^22 %7.2f ms %6.1f GB/s"
                    + " | to(device) 16 MiB %7.2f ms | add of 16 %6.3f ms%n", d, matmul * 1e3, 2.0 * 1024 * 1024 * 1024 / matmul / 1e9,
                    add * 1e3, 3.0 * 4 * (1 << 22) / add / 1e9, upload * 1e3, launch * 1e3);
        }
    }

    private static double medianSeconds(Supplier<Tensor> run, int repeats) {
        run.get();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            Tensor out = run.get();
            t[i] = (System.nanoTime() - start) / 1e9;
            OpenClBackend.release(out);
        }
        java.util.Arrays.sort(t);
        return t[repeats / 2];
    }
}
