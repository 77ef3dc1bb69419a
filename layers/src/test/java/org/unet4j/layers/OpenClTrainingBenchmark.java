package org.unet4j.layers;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.opencl.Devices;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.unet.UNet;

/**
 * What a training workload costs on the OpenCL device against the CPU backend (a benchmark with a {@code main}, not
 * a test): a 3x3 convolution 8 -> 8 channels on 4 x 8 x 32 x 32 forward, and forward plus both backwards; one
 * training step (forward, BCE with logits, backward, Adam) of the tiny U-Net of {@link OpenClTrainingParityTest}
 * and of a 3-level 8-16-32 U-Net on 4 x 1 x 64 x 64. Inputs and parameters already on each device, median of
 * several runs after one warm-up; a step ends with the loss read on the host, so the device work is complete.
 * Figures and the command are in BENCHMARKS.md.
 */
public final class OpenClTrainingBenchmark {
    private OpenClTrainingBenchmark() {
    }

    public static void main(String[] args) {
        Device openCl = Devices.opencl();
        System.out.println("device: " + ((OpenClBackend) openCl.backend()).description());
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = Tensor.randn(rng, 4, 8, 32, 32);
        Tensor w = Tensor.randn(rng, 8, 8, 3, 3);
        Tensor b = Tensor.randn(rng, 8);
        Tensor big = Tensor.randn(rng, 4, 1, 64, 64);
        for (Device d : new Device[] {Device.CPU, openCl}) {
            Tensor dx = x.to(d).requiresGrad(true);
            Tensor dw = w.to(d).requiresGrad(true);
            Tensor db = b.to(d).requiresGrad(true);
            Conv2dOptions same = Conv2dOptions.defaults().padding(1);
            double forward = MedianTime.seconds(
                    () -> Convolution.conv2d(dx, dw, db, same).sum().to(Device.CPU).item(), 9);
            double both = MedianTime.seconds(() -> {
                Tensor loss = Convolution.conv2d(dx, dw, db, same).sum();
                loss.backward();
                return loss.to(Device.CPU).item();
            }, 9);
            UNet tiny = OpenClTrainingParityTest.tinyUNet();
            Tensor images = OpenClTrainingParityTest.images();
            double tinyStep = MedianTime.seconds(trainingStep(tiny, d, images), 7);
            UNet small = UNet.builder().levels(3).filters(8, 16, 32).seed(17).build();
            double smallStep = MedianTime.seconds(trainingStep(small, d, big), 5);
            System.out.printf(Locale.ROOT, "%-9s conv3x3 4x8x32x32 fwd %7.2f ms, fwd+bwd %7.2f ms | U-Net step: tiny"
                    + " %7.1f ms, 8-16-32 on 4x1x64x64 %7.1f ms%n", d, forward * 1e3, both * 1e3, tinyStep * 1e3,
                    smallStep * 1e3);
        }
    }

    /** One Adam step of {@code net} moved to {@code device}, on {@code images} and their sign masks. */
    private static DoubleSupplier trainingStep(UNet net, Device device, Tensor images) {
        net.to(device);
        Tensor x = images.to(device);
        Tensor y = OpenClTrainingParityTest.masks(images).to(device);
        Adam adam = new Adam(net.parameters(), 1e-3);
        return () -> {
            adam.zeroGrad();
            Tensor loss = Losses.bceWithLogits(net.forward(x), y);
            loss.backward();
            adam.step();
            return loss.to(Device.CPU).item();
        };
    }
}
